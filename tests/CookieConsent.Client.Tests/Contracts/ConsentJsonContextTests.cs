using System.Text.Json;
using CookieConsent.Client.Contracts;

namespace CookieConsent.Client.Tests.Contracts;

/// <summary>
/// How the SDK reads the server's answers: a member a newer server adds is skipped (an SDK must keep working against a
/// newer server), a repeated member is an error (an ambiguous answer is no answer, so the checker denies).
/// The server's side — requests refused for unknown or repeated members — is tested in Server.Tests StrictRequestTests.
/// </summary>
[TestClass]
public sealed class ConsentJsonContextTests
{
    private const string Decisions =
        "{\"site\":\"shop\",\"visitor\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"policyVersion\":1,\"expiresAt\":null," +
        "\"signals\":{\"doNotTrack\":false,\"globalPrivacyControl\":false}," +
        "\"categories\":[{\"category\":\"analytics\",\"allowed\":true,\"reason\":\"visitor-choice\"}]";

    [TestMethod]
    public void AnswerWithAMemberANewerServerAdded_IsRead()
    {
        var json = Decisions + ",\"explanation\":{\"analytics\":\"given on 1 May\"},\"categoriesV2\":[]}";

        var decisions = JsonSerializer.Deserialize(json, ConsentJsonContext.Default.ConsentDecisions);

        Assert.IsNotNull(decisions);
        Assert.IsTrue(decisions.IsAllowed("analytics"));
    }

    [TestMethod]
    public void PolicyWithSiteSettingsANewerServerAdded_IsRead()
    {
        var json = "{\"site\":\"shop\",\"currentVersion\":1,\"futureSetting\":true,\"definition\":{\"displayName\":\"Shop\"," +
            "\"categories\":[],\"policyVersions\":[],\"allowedReturnHosts\":[],\"bannerColour\":\"red\"}}";

        var policy = JsonSerializer.Deserialize(json, ConsentJsonContext.Default.PolicyResponse);

        Assert.AreEqual("Shop", policy!.Definition.DisplayName);
    }

    [TestMethod]
    [DataRow(",\"categories\":[{\"category\":\"analytics\",\"allowed\":false,\"reason\":\"visitor-choice\"}]}")]
    [DataRow(",\"site\":\"other\"}")]
    public void AnswerWithARepeatedMember_IsRefused(string repeated)
    {
        Assert.ThrowsExactly<JsonException>(() => JsonSerializer.Deserialize(Decisions + repeated, ConsentJsonContext.Default.ConsentDecisions));
    }

    [TestMethod]
    public void ChoicesWithARepeatedCategory_AreRefused()
    {
        var json = "{\"choices\":{\"analytics\":true,\"analytics\":false}}";

        Assert.ThrowsExactly<JsonException>(() => JsonSerializer.Deserialize(json, ConsentJsonContext.Default.RecordConsentRequest));
    }
}
