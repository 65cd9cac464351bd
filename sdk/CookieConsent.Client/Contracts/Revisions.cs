namespace CookieConsent.Client.Contracts;

/// <summary>One immutable notice revision of a site: a definition as it was accepted.</summary>
/// <param name="Hash">The content hash of the definition's canonical JSON (32 hex digits).</param>
/// <param name="CreatedAt">When the definition was first accepted.</param>
/// <param name="PolicyVersion">The highest policy version the definition declares.</param>
public sealed record SiteRevisionSummary(string Hash, DateTimeOffset CreatedAt, int PolicyVersion);

/// <summary>A site's notice revisions, oldest first.</summary>
/// <param name="Site">Site id.</param>
/// <param name="Current">The revision in force now.</param>
/// <param name="Revisions">Every revision receipts may name.</param>
public sealed record SiteRevisionList(string Site, string? Current, IReadOnlyList<SiteRevisionSummary> Revisions);

/// <summary>One notice revision with its definition.</summary>
/// <param name="Hash">The content hash of <paramref name="Definition"/>.</param>
/// <param name="CreatedAt">When the definition was first accepted.</param>
/// <param name="PolicyVersion">The highest policy version the definition declares.</param>
/// <param name="Definition">The definition exactly as it was.</param>
public sealed record SiteRevision(string Hash, DateTimeOffset CreatedAt, int PolicyVersion, SiteDefinition Definition);
