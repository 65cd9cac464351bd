namespace SampleShop.Catalog;

/// <summary>A product of the sample shop.</summary>
public sealed record Product(string Id, string Name, string Description, decimal Price);

/// <summary>The shop's few products, in memory.</summary>
public sealed class ProductCatalog
{
    private static readonly Product[] All =
    [
        new("tea-mug", "Tea mug", "A large stoneware mug that keeps tea warm for a long read.", 14.90m),
        new("notebook", "Notebook", "A5, dotted, 192 pages of paper that takes fountain pen ink.", 9.50m),
        new("tote-bag", "Tote bag", "Organic cotton, long handles, room for a week of groceries.", 12.00m),
    ];

    public IReadOnlyList<Product> Products => All;

    public Product? Find(string? id) => All.FirstOrDefault(p => p.Id == id);
}
