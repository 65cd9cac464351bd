using System.Buffers.Text;
using CookieConsent.Client.Contracts;

namespace CookieConsent.Client.Tests.Contracts;

[TestClass]
public sealed class ConsentIdsTests
{
    private const string Max64 = "abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-012345678";
    private const string Max32 = "abcdefghij-abcdefghij-0123456789";

    [TestMethod]
    [DataRow("a")]
    [DataRow("0")]
    [DataRow("-")]
    [DataRow("shop")]
    [DataRow("my-shop-2")]
    [DataRow(Max64)]
    public void IsValidSite_AcceptsLowercaseDigitsAndHyphensUpTo64(string id)
    {
        Assert.AreEqual(64, Max64.Length);
        Assert.IsTrue(ConsentIds.IsValidSite(id));
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow(Max64 + "9")]
    [DataRow("Shop")]
    [DataRow("shop_1")]
    [DataRow("shop.example")]
    [DataRow("shop/1")]
    [DataRow(" shop")]
    [DataRow("shop ")]
    [DataRow("shop\n")]
    [DataRow("shop\r\n")]
    [DataRow("\nshop")]
    [DataRow("sh\0op")]
    [DataRow("\u00dfhop")]
    [DataRow("sh\u0131p")]
    public void IsValidSite_RejectsAnythingElse(string? id)
    {
        Assert.IsFalse(ConsentIds.IsValidSite(id));
    }

    [TestMethod]
    [DataRow("a")]
    [DataRow("analytics")]
    [DataRow("ads-2")]
    [DataRow(Max32)]
    public void IsValidCategory_AcceptsLowercaseDigitsAndHyphensUpTo32(string id)
    {
        Assert.AreEqual(32, Max32.Length);
        Assert.IsTrue(ConsentIds.IsValidCategory(id));
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow(Max32 + "a")]
    [DataRow("Analytics")]
    [DataRow("ads_2")]
    [DataRow("ads,marketing")]
    [DataRow("ads\n")]
    [DataRow("ads ")]
    public void IsValidCategory_RejectsAnythingElse(string? id)
    {
        Assert.IsFalse(ConsentIds.IsValidCategory(id));
    }

    [TestMethod]
    [DataRow("AAECAwQFBgcICQoLDA0ODw")] // 16 bytes
    [DataRow("AAECAwQFBgcICQoLDA0ODxA")] // 17 bytes
    [DataRow("yMnKy8zNzs_Q0dLT1NXW19jZ2tvc3d7f4OHi4-Tl5uc")] // 32 bytes
    [DataRow("-__7__v_-__7__v_-__7_w")] // the two URL-safe characters
    public void IsValidVisitor_AcceptsCanonicalBase64UrlOf16To32Bytes(string id)
    {
        Assert.IsTrue(ConsentIds.IsValidVisitor(id));
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("AAECAwQFBgcICQoLDA0O")] // 15 bytes: too short
    [DataRow("AAECAwQFBgcICQoLDA0OD")] // 21 characters: not a whole number of bytes and too short
    [DataRow("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g")] // 33 bytes: too long
    [DataRow("AAECAwQFBgcICQoLDA0ODx")] // same bytes as ...ODw, non-zero unused bits
    [DataRow("yMnKy8zNzs_Q0dLT1NXW19jZ2tvc3d7f4OHi4-Tl5ud")] // same bytes as ...5uc, non-zero unused bits
    [DataRow("AAECAwQFBgcICQoLDA0ODw==")] // padded
    [DataRow("AAECAwQFBgcICQoLDA0ODw=")]
    [DataRow("+//7//v/+//7//v/+//7/w")] // standard base64 alphabet
    [DataRow("AAECAwQFBgcICQoLDA0ODw\n")]
    [DataRow("AAECAwQF BgcICQoLDA0ODw")]
    [DataRow(" AAECAwQFBgcICQoLDA0ODw")]
    [DataRow("AAECAwQFBgcICQoLDA0ODxARE")] // 25 characters: no whole number of bytes
    public void IsValidVisitor_RejectsAnythingElse(string? id)
    {
        Assert.IsFalse(ConsentIds.IsValidVisitor(id));
    }

    [TestMethod]
    public void IsValidVisitor_AllocatesNothing()
    {
        // Asked on every request on a visitor's route.
        const string id = "yMnKy8zNzs_Q0dLT1NXW19jZ2tvc3d7f4OHi4-Tl5uc";
        Assert.IsTrue(ConsentIds.IsValidVisitor(id));
        Assert.IsFalse(ConsentIds.IsValidVisitor("AAECAwQFBgcICQoLDA0ODx"));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            ConsentIds.IsValidVisitor(id);
        }
        Assert.AreEqual(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [TestMethod]
    public void NewVisitorId_IsAValid128BitCanonicalId()
    {
        var id = ConsentIds.NewVisitorId();

        Assert.IsTrue(ConsentIds.IsValidVisitor(id));
        Assert.AreEqual(22, id.Length);
        Assert.AreEqual(ConsentIds.VisitorIdBytes, Base64Url.DecodeFromChars(id).Length);
        Assert.AreEqual(16, ConsentIds.VisitorIdBytes);
    }

    [TestMethod]
    public void NewVisitorId_IsRandom()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => ConsentIds.NewVisitorId()).ToHashSet(StringComparer.Ordinal);

        Assert.HasCount(10_000, ids);
        Assert.IsTrue(ids.All(ConsentIds.IsValidVisitor));
    }
}
