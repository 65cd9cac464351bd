using CookieConsent.Client.Contracts;
using CookieConsent.Client.Decisions;

namespace CookieConsent.Client.Tests.Decisions;

// Expected values in these tables come from the rule in issue 9 / DESIGN.md ("The decision"), written out by hand:
// 1 required → allowed; 2 DNT (honoured) → denied; 3 GPC (honoured) → denied for sale-or-sharing;
// 4 a refusal → denied, whatever its age or the policy since; 5 a grant → allowed unless expired or its category
// changed by an effective policy version (then the regime's default); 6 no state → the regime's default.
[TestClass]
public sealed class ConsentDeciderTests
{
    private const string Necessary = "necessary";
    private const string Analytics = "analytics";
    private const string Ads = "ads";
    private const string Marketing = "marketing";

    private const ConsentRegime OptIn = ConsentRegime.OptIn;
    private const ConsentRegime OptOut = ConsentRegime.OptOut;

    private const long Day = TimeSpan.TicksPerDay;

    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    // v1: the first policy, covering everything; v2 (in effect): re-asks analytics;
    // v3 (posted, in effect 14 days from now): will re-ask ads.
    private static readonly PolicyVersion V1 = new(1, Now.AddDays(-365), [Necessary, Analytics, Ads, Marketing]);
    private static readonly PolicyVersion V2 = new(2, Now.AddDays(-30), [Analytics]);
    private static readonly PolicyVersion V3 = new(3, Now.AddDays(14), [Ads]);

    public enum StateKind
    {
        None,
        AllAllowed,
        AllDenied,
        Expired,
        OutdatedPolicy,
        MissingCategory,
        RequiredRefused,
    }

    [TestMethod]
    [DataRow(false, false, StateKind.None, OptIn)]
    [DataRow(true, false, StateKind.None, OptIn)]
    [DataRow(false, true, StateKind.None, OptIn)]
    [DataRow(true, true, StateKind.None, OptIn)]
    [DataRow(true, true, StateKind.None, OptOut)]
    [DataRow(false, false, StateKind.Expired, OptIn)]
    [DataRow(true, true, StateKind.Expired, OptIn)]
    [DataRow(false, false, StateKind.AllDenied, OptIn)]
    [DataRow(true, true, StateKind.AllDenied, OptOut)]
    [DataRow(false, false, StateKind.MissingCategory, OptIn)]
    [DataRow(false, false, StateKind.RequiredRefused, OptIn)]
    [DataRow(true, true, StateKind.RequiredRefused, OptOut)]
    public void RequiredCategory_IsAllowedWhateverTheSignalsAndState(bool dnt, bool gpc, StateKind kind, ConsentRegime regime)
    {
        var site = Site(regime: regime) with { HonorDoNotTrack = true, HonorGlobalPrivacyControl = true };

        var decision = ConsentDecider.Decide(site, Category(site, Necessary), MakeState(kind), new(dnt, gpc), Now);

        Assert.AreEqual(new CategoryDecision(Necessary, true, DecisionReason.Required), decision);
    }

    [TestMethod]
    [DataRow(Analytics, true, true, OptIn, true, false, DecisionReason.DoNotTrack)]
    [DataRow(Analytics, true, true, OptOut, true, false, DecisionReason.DoNotTrack)]
    [DataRow(Ads, true, true, OptIn, true, false, DecisionReason.DoNotTrack)]
    [DataRow(Marketing, true, true, OptOut, true, false, DecisionReason.DoNotTrack)]
    [DataRow(Analytics, true, false, OptIn, true, true, DecisionReason.VisitorChoice)]
    [DataRow(Analytics, true, false, OptIn, false, false, DecisionReason.VisitorRefusal)]
    [DataRow(Ads, true, false, OptOut, true, true, DecisionReason.VisitorChoice)]
    [DataRow(Marketing, true, false, OptOut, false, false, DecisionReason.VisitorRefusal)]
    [DataRow(Analytics, false, true, OptIn, true, true, DecisionReason.VisitorChoice)]
    [DataRow(Analytics, false, true, OptOut, false, false, DecisionReason.VisitorRefusal)]
    [DataRow(Ads, false, false, OptIn, true, true, DecisionReason.VisitorChoice)]
    public void DoNotTrack_DeniesOptionalCategoriesOnlyWhenSentAndHonoured(
        string category, bool dnt, bool honorDnt, ConsentRegime regime, bool choice, bool expectedAllowed, DecisionReason expectedReason)
    {
        var site = Site(regime: regime) with { HonorDoNotTrack = honorDnt };
        var state = StateWithAll(choice);

        var decision = ConsentDecider.Decide(site, Category(site, category), state, new(dnt, false), Now);

        Assert.AreEqual(new CategoryDecision(category, expectedAllowed, expectedReason), decision);
    }

    [TestMethod]
    [DataRow(Analytics, true, OptOut, false, DecisionReason.DoNotTrack)]
    [DataRow(Ads, true, OptOut, false, DecisionReason.DoNotTrack)]
    [DataRow(Analytics, false, OptOut, true, DecisionReason.NoConsent)]
    [DataRow(Analytics, true, OptIn, false, DecisionReason.DoNotTrack)]
    [DataRow(Analytics, false, OptIn, false, DecisionReason.NoConsent)]
    public void DoNotTrack_WithoutStoredConsent_OverridesTheRegimeDefaultWhenHonoured(
        string category, bool honorDnt, ConsentRegime regime, bool expectedAllowed, DecisionReason expectedReason)
    {
        var site = Site(regime: regime) with { HonorDoNotTrack = honorDnt };

        var decision = ConsentDecider.Decide(site, Category(site, category), null, new(true, false), Now);

        Assert.AreEqual(new CategoryDecision(category, expectedAllowed, expectedReason), decision);
    }

    [TestMethod]
    [DataRow(Ads, true, true, OptIn, true, false, DecisionReason.GlobalPrivacyControl)]
    [DataRow(Ads, true, true, OptOut, true, false, DecisionReason.GlobalPrivacyControl)]
    [DataRow(Ads, true, false, OptIn, true, true, DecisionReason.VisitorChoice)]
    [DataRow(Ads, true, false, OptOut, false, false, DecisionReason.VisitorRefusal)]
    [DataRow(Ads, false, true, OptIn, true, true, DecisionReason.VisitorChoice)]
    [DataRow(Ads, false, true, OptOut, false, false, DecisionReason.VisitorRefusal)]
    [DataRow(Analytics, true, true, OptIn, true, true, DecisionReason.VisitorChoice)]
    [DataRow(Analytics, true, true, OptOut, false, false, DecisionReason.VisitorRefusal)]
    [DataRow(Marketing, true, true, OptOut, true, true, DecisionReason.VisitorChoice)]
    public void GlobalPrivacyControl_DeniesOnlySaleOrSharingCategoriesWhenSentAndHonoured(
        string category, bool gpc, bool honorGpc, ConsentRegime regime, bool choice, bool expectedAllowed, DecisionReason expectedReason)
    {
        var site = Site(regime: regime) with { HonorGlobalPrivacyControl = honorGpc };
        var state = StateWithAll(choice);

        var decision = ConsentDecider.Decide(site, Category(site, category), state, new(false, gpc), Now);

        Assert.AreEqual(new CategoryDecision(category, expectedAllowed, expectedReason), decision);
    }

    [TestMethod]
    [DataRow(Ads, true, OptOut, false, DecisionReason.GlobalPrivacyControl)]
    [DataRow(Ads, false, OptOut, true, DecisionReason.NoConsent)]
    [DataRow(Analytics, true, OptOut, true, DecisionReason.NoConsent)]
    [DataRow(Ads, true, OptIn, false, DecisionReason.GlobalPrivacyControl)]
    public void GlobalPrivacyControl_WithoutStoredConsent_OverridesTheOptOutDefaultForSaleOrSharing(
        string category, bool honorGpc, ConsentRegime regime, bool expectedAllowed, DecisionReason expectedReason)
    {
        var site = Site(regime: regime) with { HonorGlobalPrivacyControl = honorGpc };

        var decision = ConsentDecider.Decide(site, Category(site, category), null, new(false, true), Now);

        Assert.AreEqual(new CategoryDecision(category, expectedAllowed, expectedReason), decision);
    }

    [TestMethod]
    [DataRow(Ads, true, true, DecisionReason.DoNotTrack)]
    [DataRow(Ads, false, true, DecisionReason.GlobalPrivacyControl)]
    [DataRow(Ads, true, false, DecisionReason.DoNotTrack)]
    [DataRow(Analytics, false, true, DecisionReason.VisitorChoice)]
    public void BothSignals_DoNotTrackIsReportedFirstAndGpcStillAppliesWhenDntIsNotHonoured(
        string category, bool honorDnt, bool honorGpc, DecisionReason expectedReason)
    {
        var site = Site(regime: OptOut) with { HonorDoNotTrack = honorDnt, HonorGlobalPrivacyControl = honorGpc };

        var decision = ConsentDecider.Decide(site, Category(site, category), StateWithAll(true), new(true, true), Now);

        Assert.AreEqual(new CategoryDecision(category, expectedReason == DecisionReason.VisitorChoice, expectedReason), decision);
    }

    [TestMethod]
    [DataRow(Analytics, OptIn, false)]
    [DataRow(Ads, OptIn, false)]
    [DataRow(Marketing, OptIn, false)]
    [DataRow(Analytics, OptOut, true)]
    [DataRow(Ads, OptOut, true)]
    [DataRow(Marketing, OptOut, true)]
    public void NoStoredConsent_AppliesTheRegimeDefault(string category, ConsentRegime regime, bool expectedAllowed)
    {
        var site = Site(regime: regime);

        var decision = ConsentDecider.Decide(site, Category(site, category), null, ConsentSignals.None, Now);

        Assert.AreEqual(new CategoryDecision(category, expectedAllowed, DecisionReason.NoConsent), decision);
    }

    [TestMethod]
    [DataRow(1L, OptIn, true, true, DecisionReason.VisitorChoice)]
    [DataRow(1L, OptOut, false, false, DecisionReason.VisitorRefusal)]
    [DataRow(0L, OptIn, true, false, DecisionReason.Expired)]
    [DataRow(0L, OptOut, true, true, DecisionReason.Expired)]
    [DataRow(-1L, OptIn, true, false, DecisionReason.Expired)]
    [DataRow(-400 * Day, OptIn, true, false, DecisionReason.Expired)]
    [DataRow(-400 * Day, OptOut, true, true, DecisionReason.Expired)]
    public void ExpiredGrant_AppliesTheRegimeDefaultFromTheExpiryInstantOn(
        long expiresAtMinusNowTicks, ConsentRegime regime, bool choice, bool expectedAllowed, DecisionReason expectedReason)
    {
        var site = Site(regime: regime);
        var state = StateWithAll(choice) with { ExpiresAt = Now.AddTicks(expiresAtMinusNowTicks) };

        var decision = ConsentDecider.Decide(site, Category(site, Analytics), state, ConsentSignals.None, Now);

        Assert.AreEqual(new CategoryDecision(Analytics, expectedAllowed, expectedReason), decision);
    }

    [TestMethod]
    // v2 (in effect) changed analytics: consent given under v1 no longer counts for it...
    [DataRow(1, Analytics, OptIn, true, false, DecisionReason.PolicyChanged)]
    [DataRow(1, Analytics, OptOut, true, true, DecisionReason.PolicyChanged)]
    // ...but still counts for the categories v2 did not change.
    [DataRow(1, Ads, OptIn, true, true, DecisionReason.VisitorChoice)]
    [DataRow(1, Marketing, OptIn, true, true, DecisionReason.VisitorChoice)]
    [DataRow(1, Marketing, OptOut, false, false, DecisionReason.VisitorRefusal)]
    // Consent given under v2 counts for analytics.
    [DataRow(2, Analytics, OptIn, true, true, DecisionReason.VisitorChoice)]
    [DataRow(2, Analytics, OptOut, false, false, DecisionReason.VisitorRefusal)]
    // Before v1 every category is outdated.
    [DataRow(0, Marketing, OptIn, true, false, DecisionReason.PolicyChanged)]
    [DataRow(0, Ads, OptOut, true, true, DecisionReason.PolicyChanged)]
    // Answering a version ahead of its date is not outdated by anything earlier.
    [DataRow(3, Analytics, OptIn, true, true, DecisionReason.VisitorChoice)]
    public void OutdatedPolicyVersion_VoidsGrantsOnlyForTheCategoriesAnEffectiveVersionChanged(
        int statePolicyVersion, string category, ConsentRegime regime, bool choice, bool expectedAllowed, DecisionReason expectedReason)
    {
        var site = Site(regime: regime);
        var state = StateWithAll(choice) with { PolicyVersion = statePolicyVersion };

        var decision = ConsentDecider.Decide(site, Category(site, category), state, ConsentSignals.None, Now);

        Assert.AreEqual(new CategoryDecision(category, expectedAllowed, expectedReason), decision);
    }

    [TestMethod]
    [DataRow(-14 * Day, true, DecisionReason.VisitorChoice)]
    [DataRow(-1L, true, DecisionReason.VisitorChoice)]
    [DataRow(0L, false, DecisionReason.PolicyChanged)]
    [DataRow(1L, false, DecisionReason.PolicyChanged)]
    [DataRow(30 * Day, false, DecisionReason.PolicyChanged)]
    public void FuturePolicyVersion_ChangesNothingUntilItsEffectiveInstant(
        long nowMinusEffectiveTicks, bool expectedAllowed, DecisionReason expectedReason)
    {
        var site = Site(regime: OptIn);
        var state = StateWithAll(true) with { PolicyVersion = 2 };
        var now = V3.EffectiveFrom.AddTicks(nowMinusEffectiveTicks);

        var ads = ConsentDecider.Decide(site, Category(site, Ads), state, ConsentSignals.None, now);
        var analytics = ConsentDecider.Decide(site, Category(site, Analytics), state, ConsentSignals.None, now);

        Assert.AreEqual(new CategoryDecision(Ads, expectedAllowed, expectedReason), ads);
        // v3 changed ads only.
        Assert.AreEqual(new CategoryDecision(Analytics, true, DecisionReason.VisitorChoice), analytics);
    }

    [TestMethod]
    [DataRow(Marketing, OptIn, false, DecisionReason.NoConsent)]
    [DataRow(Marketing, OptOut, true, DecisionReason.NoConsent)]
    [DataRow(Analytics, OptIn, false, DecisionReason.VisitorRefusal)]
    [DataRow(Analytics, OptOut, false, DecisionReason.VisitorRefusal)]
    public void CategoryMissingFromTheChoices_AppliesTheRegimeDefaultForThatCategoryOnly(
        string category, ConsentRegime regime, bool expectedAllowed, DecisionReason expectedReason)
    {
        var site = Site(regime: regime);
        var state = MakeState(StateKind.MissingCategory)!; // analytics and ads denied, marketing absent

        var decision = ConsentDecider.Decide(site, Category(site, category), state, ConsentSignals.None, Now);

        Assert.AreEqual(new CategoryDecision(category, expectedAllowed, expectedReason), decision);
    }

    [TestMethod]
    [DataRow(Analytics, OptIn, true)]
    [DataRow(Analytics, OptIn, false)]
    [DataRow(Analytics, OptOut, true)]
    [DataRow(Analytics, OptOut, false)]
    [DataRow(Ads, OptIn, true)]
    [DataRow(Ads, OptIn, false)]
    [DataRow(Ads, OptOut, true)]
    [DataRow(Ads, OptOut, false)]
    [DataRow(Marketing, OptIn, true)]
    [DataRow(Marketing, OptOut, false)]
    public void ValidState_WithoutSignals_FollowsTheVisitorsChoiceInEitherRegime(string category, ConsentRegime regime, bool choice)
    {
        var site = Site(regime: regime);

        var decision = ConsentDecider.Decide(site, Category(site, category), StateWithAll(choice), ConsentSignals.None, Now);

        Assert.AreEqual(new CategoryDecision(category, choice, choice ? DecisionReason.VisitorChoice : DecisionReason.VisitorRefusal), decision);
    }

    [TestMethod]
    public void MixedChoices_EachCategoryFollowsItsOwnChoice()
    {
        var site = Site(regime: OptIn);
        var state = State(new() { [Analytics] = true, [Ads] = false, [Marketing] = true });

        Assert.IsTrue(ConsentDecider.Decide(site, Category(site, Analytics), state, ConsentSignals.None, Now).Allowed);
        Assert.IsFalse(ConsentDecider.Decide(site, Category(site, Ads), state, ConsentSignals.None, Now).Allowed);
        Assert.IsTrue(ConsentDecider.Decide(site, Category(site, Marketing), state, ConsentSignals.None, Now).Allowed);
    }

    public enum ComboState
    {
        None,
        Granted,
        Refused,
        ExpiredGrant,
        ExpiredRefusal,
        OutdatedGrant,
        OutdatedRefusal,
        SignalRefusal,
        OtherCategoryOnly,
    }

    // Every combination of the inputs, one category at a time, against the rule written as a precedence list.
    public static IEnumerable<object[]> AllCombinations()
    {
        bool[] both = [false, true];
        foreach (var required in both)
        foreach (var sale in both)
        foreach (var dnt in both)
        foreach (var honorDnt in both)
        foreach (var gpc in both)
        foreach (var honorGpc in both)
        foreach (var regime in new[] { OptIn, OptOut })
        foreach (var kind in Enum.GetValues<ComboState>())
        {
            yield return [required, sale, dnt, honorDnt, gpc, honorGpc, regime, kind];
        }
    }

    [TestMethod]
    [DynamicData(nameof(AllCombinations))]
    public void EveryCombination_FollowsTheRulePrecedence(
        bool required, bool sale, bool dnt, bool honorDnt, bool gpc, bool honorGpc, ConsentRegime regime, ComboState kind)
    {
        const string id = "c";
        var category = new CategoryDefinition(id, required, sale, Texts(id), []);
        var site = new SiteDefinition("Combo", [category], [new(1, Now.AddDays(-100), [id]), new(2, Now.AddDays(-10), [id])], [])
        {
            HonorDoNotTrack = honorDnt,
            HonorGlobalPrivacyControl = honorGpc,
            Regime = regime,
        };
        var granted = new ConsentState(new Dictionary<string, bool> { [id] = true }, 2,
            Now.AddDays(-1), Now.AddDays(100), ConsentSignals.None, ConsentSource.Banner, "r1");
        var refused = granted with { Choices = new Dictionary<string, bool> { [id] = false } };
        var state = kind switch
        {
            ComboState.None => null,
            ComboState.Granted => granted,
            ComboState.Refused => refused,
            ComboState.ExpiredGrant => granted with { ExpiresAt = Now },
            ComboState.ExpiredRefusal => refused with { GivenAt = Now.AddDays(-800), ExpiresAt = Now.AddDays(-620) },
            ComboState.OutdatedGrant => granted with { PolicyVersion = 1 },
            ComboState.OutdatedRefusal => refused with { PolicyVersion = 1 },
            ComboState.SignalRefusal => refused with { Refusals = new Dictionary<string, CategoryRefusal> { [id] = new(Now.AddDays(-1), ConsentSource.Signal) } },
            ComboState.OtherCategoryOnly => granted with { Choices = new Dictionary<string, bool> { ["other"] = false } },
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var regimeDefault = regime == OptOut;
        (bool Allowed, DecisionReason Reason) expected =
            required ? (true, DecisionReason.Required)
            : dnt && honorDnt ? (false, DecisionReason.DoNotTrack)
            : gpc && honorGpc && sale ? (false, DecisionReason.GlobalPrivacyControl)
            : kind switch
            {
                ComboState.Refused or ComboState.ExpiredRefusal or ComboState.OutdatedRefusal => (false, DecisionReason.VisitorRefusal),
                ComboState.SignalRefusal => (false, DecisionReason.GlobalPrivacyControlRecorded),
                ComboState.Granted => (true, DecisionReason.VisitorChoice),
                ComboState.ExpiredGrant => (regimeDefault, DecisionReason.Expired),
                ComboState.OutdatedGrant => (regimeDefault, DecisionReason.PolicyChanged),
                _ => (regimeDefault, DecisionReason.NoConsent),
            };

        var decision = ConsentDecider.Decide(site, category, state, new(dnt, gpc), Now);

        Assert.AreEqual(new CategoryDecision(id, expected.Allowed, expected.Reason), decision);
    }

    [TestMethod]
    [DataRow(OptIn)]
    [DataRow(OptOut)]
    public void Refusal_FourHundredDaysLater_IsStillDenied(ConsentRegime regime)
    {
        var site = Site(regime: regime);
        var state = StateWithAll(false) with { GivenAt = Now.AddDays(-400), ExpiresAt = Now.AddDays(-220) };

        var decision = ConsentDecider.Decide(site, Category(site, Marketing), state, ConsentSignals.None, Now);

        Assert.AreEqual(new CategoryDecision(Marketing, false, DecisionReason.VisitorRefusal), decision);
    }

    [TestMethod]
    [DataRow(OptIn)]
    [DataRow(OptOut)]
    public void Refusal_ThenAPolicyVersionChangingThatCategory_IsStillDenied(ConsentRegime regime)
    {
        var site = Site(regime: regime);
        // Refused under v1; v2 (in effect) changed analytics.
        var state = StateWithAll(false) with { PolicyVersion = 1 };

        var decision = ConsentDecider.Decide(site, Category(site, Analytics), state, ConsentSignals.None, Now);

        Assert.AreEqual(new CategoryDecision(Analytics, false, DecisionReason.VisitorRefusal), decision);
    }

    [TestMethod]
    [DataRow(OptIn, false)]
    [DataRow(OptOut, true)]
    public void Grant_ThenAPolicyVersionChangingThatCategory_FallsBackToTheRegimeDefault(ConsentRegime regime, bool expectedAllowed)
    {
        var site = Site(regime: regime);
        var state = StateWithAll(true) with { PolicyVersion = 1 };

        var decision = ConsentDecider.Decide(site, Category(site, Analytics), state, ConsentSignals.None, Now);

        Assert.AreEqual(new CategoryDecision(Analytics, expectedAllowed, DecisionReason.PolicyChanged), decision);
    }

    [TestMethod]
    [DataRow(OptIn)]
    [DataRow(OptOut)]
    public void RecordedGpcRefusal_WithoutTheSignal_IsDeniedNamingTheSignal(ConsentRegime regime)
    {
        var site = Site(regime: regime);
        var state = State(new() { [Analytics] = true, [Ads] = false, [Marketing] = true }) with
        {
            Source = ConsentSource.Signal,
            Refusals = new Dictionary<string, CategoryRefusal> { [Ads] = new(Now.AddDays(-2), ConsentSource.Signal) },
        };

        var decisions = ConsentDecider.DecideAll(site, state, ConsentSignals.None, Now);

        Assert.AreEqual(new CategoryDecision(Ads, false, DecisionReason.GlobalPrivacyControlRecorded), decisions[2]);
        Assert.AreEqual(new CategoryDecision(Analytics, true, DecisionReason.VisitorChoice), decisions[1]);
    }

    [TestMethod]
    public void CategoryAdded_KeepsEveryOldChoiceAndAsksOnlyAboutTheNewOne()
    {
        var before = Site(regime: OptOut);
        var state = State(new() { [Analytics] = false, [Ads] = false, [Marketing] = true });
        // "video" is new, and placed first: order does not matter, choices are keyed by id.
        var after = before with { Categories = [Cat("video", false, false), .. before.Categories] };

        var decisions = ConsentDecider.DecideAll(after, state, ConsentSignals.None, Now);

        CategoryDecision[] expected =
        [
            new("video", true, DecisionReason.NoConsent),
            new(Necessary, true, DecisionReason.Required),
            new(Analytics, false, DecisionReason.VisitorRefusal),
            new(Ads, false, DecisionReason.VisitorRefusal),
            new(Marketing, true, DecisionReason.VisitorChoice),
        ];
        CollectionAssert.AreEqual(expected, decisions.ToArray());
        Assert.IsFalse(ConsentDecider.NeedsChoice(before, state, Now));
        Assert.IsTrue(ConsentDecider.NeedsChoice(after, state, Now));
    }

    [TestMethod]
    public void CategoryRemovedOrReordered_KeepsEveryOtherChoice()
    {
        var before = Site(regime: OptOut);
        var state = State(new() { [Analytics] = false, [Ads] = true, [Marketing] = false });
        var after = before with { Categories = [before.Categories[3], before.Categories[0], before.Categories[1]] };

        var decisions = ConsentDecider.DecideAll(after, state, ConsentSignals.None, Now);

        CategoryDecision[] expected =
        [
            new(Marketing, false, DecisionReason.VisitorRefusal),
            new(Necessary, true, DecisionReason.Required),
            new(Analytics, false, DecisionReason.VisitorRefusal),
        ];
        CollectionAssert.AreEqual(expected, decisions.ToArray());
        Assert.IsFalse(ConsentDecider.NeedsChoice(after, state, Now));
    }

    [TestMethod]
    public void DecideAll_ReturnsOneDecisionPerCategoryInTheSitesOrder()
    {
        var site = Site(regime: OptIn);
        // Answered under v1 (analytics since re-asked by v2); GPC sent.
        var state = State(new() { [Analytics] = true, [Ads] = true, [Marketing] = false }) with { PolicyVersion = 1 };

        var decisions = ConsentDecider.DecideAll(site, state, new(false, true), Now);

        CategoryDecision[] expected =
        [
            new(Necessary, true, DecisionReason.Required),
            new(Analytics, false, DecisionReason.PolicyChanged),
            new(Ads, false, DecisionReason.GlobalPrivacyControl),
            new(Marketing, false, DecisionReason.VisitorRefusal),
        ];
        CollectionAssert.AreEqual(expected, decisions.ToArray());
    }

    [TestMethod]
    public void DecideAll_WithoutConsentOnAnOptOutSite_AllowsEverything()
    {
        var site = Site(regime: OptOut);

        var decisions = ConsentDecider.DecideAll(site, null, ConsentSignals.None, Now);

        CategoryDecision[] expected =
        [
            new(Necessary, true, DecisionReason.Required),
            new(Analytics, true, DecisionReason.NoConsent),
            new(Ads, true, DecisionReason.NoConsent),
            new(Marketing, true, DecisionReason.NoConsent),
        ];
        CollectionAssert.AreEqual(expected, decisions.ToArray());
    }

    [TestMethod]
    [DataRow(OptIn)]
    [DataRow(OptOut)]
    public void Unavailable_FailsClosed_AllowingOnlyRequiredCategoriesInTheSitesOrder(ConsentRegime regime)
    {
        // Required category deliberately not first, to show order is kept.
        var site = new SiteDefinition("Shop",
            [Cat(Analytics, false, false), Cat(Necessary, true, false), Cat(Ads, false, true), Cat("security", true, false)],
            [V1], []) { Regime = regime };

        var decisions = ConsentDecider.Unavailable(site);

        CategoryDecision[] expected =
        [
            new(Analytics, false, DecisionReason.Unavailable),
            new(Necessary, true, DecisionReason.Required),
            new(Ads, false, DecisionReason.Unavailable),
            new("security", true, DecisionReason.Required),
        ];
        CollectionAssert.AreEqual(expected, decisions.ToArray());
    }

    [TestMethod]
    [DataRow(-400 * Day, 0)]
    [DataRow(-365 * Day - 1, 0)]
    [DataRow(-365 * Day, 1)]
    [DataRow(-30 * Day - 1, 1)]
    [DataRow(-30 * Day, 2)]
    [DataRow(0L, 2)]
    [DataRow(14 * Day - 1, 2)]
    [DataRow(14 * Day, 3)]
    [DataRow(1000 * Day, 3)]
    public void CurrentPolicyVersion_IsTheHighestVersionAlreadyInEffect(long nowMinusNowTicks, int expected)
    {
        // Listed out of order on purpose: the answer must not depend on the list order.
        var site = Site(regime: OptIn) with { PolicyVersions = [V3, V1, V2] };

        Assert.AreEqual(expected, ConsentDecider.CurrentPolicyVersion(site, Now.AddTicks(nowMinusNowTicks)));
    }

    [TestMethod]
    public void CurrentPolicyVersion_WithoutVersions_IsZero()
    {
        var site = Site(regime: OptIn) with { PolicyVersions = [] };

        Assert.AreEqual(0, ConsentDecider.CurrentPolicyVersion(site, Now));
    }

    [TestMethod]
    [DataRow(StateKind.None, 0L, true)]
    [DataRow(StateKind.AllAllowed, 0L, false)]
    [DataRow(StateKind.AllDenied, 0L, false)]
    [DataRow(StateKind.RequiredRefused, 0L, false)]
    [DataRow(StateKind.Expired, 0L, true)]
    [DataRow(StateKind.OutdatedPolicy, 0L, true)]
    [DataRow(StateKind.MissingCategory, 0L, true)]
    // The valid v2 state stays valid until v3 (which changes ads) takes effect.
    [DataRow(StateKind.AllAllowed, 14 * Day - 1, false)]
    [DataRow(StateKind.AllAllowed, 14 * Day, true)]
    public void NeedsChoice_IsTrueWhenSomeOptionalCategoryHasNoChoiceOrALapsedGrant(StateKind kind, long nowMinusNowTicks, bool expected)
    {
        var site = Site(regime: OptIn);

        Assert.AreEqual(expected, ConsentDecider.NeedsChoice(site, MakeState(kind), Now.AddTicks(nowMinusNowTicks)));
    }

    [TestMethod]
    // The re-ask interval counts from the refusal: 12 months on opt-out sites, 6 on opt-in sites, whatever the
    // site asks for below that; a longer interval is kept.
    [DataRow(OptOut, null, 364, false)]
    [DataRow(OptOut, null, 365, true)]
    [DataRow(OptOut, 30, 364, false)]
    [DataRow(OptOut, 400, 399, false)]
    [DataRow(OptOut, 400, 400, true)]
    [DataRow(OptIn, null, 182, false)]
    [DataRow(OptIn, null, 183, true)]
    [DataRow(OptIn, 1, 182, false)]
    [DataRow(OptIn, 200, 199, false)]
    [DataRow(OptIn, 200, 200, true)]
    public void NeedsChoice_ReAsksARefusalOnlyAfterTheReAskInterval(ConsentRegime regime, int? reAskDays, int refusedDaysAgo, bool expected)
    {
        var site = Site(regime: regime) with { RefusalLifetimeDays = reAskDays };
        var state = StateWithAll(false) with { GivenAt = Now.AddDays(-refusedDaysAgo), ExpiresAt = Now.AddDays(-refusedDaysAgo + 1) };

        Assert.AreEqual(expected, ConsentDecider.NeedsChoice(site, state, Now));
        Assert.IsFalse(ConsentDecider.Decide(site, Category(site, Analytics), state, ConsentSignals.None, Now).Allowed);
    }

    [TestMethod]
    public void NeedsChoice_CountsEachRefusalFromItsOwnTime()
    {
        var site = Site(regime: OptOut);
        // Given long ago, but ads was refused again (by a recorded signal) only 10 days ago; the others are grants.
        var state = State(new() { [Analytics] = true, [Ads] = false, [Marketing] = true }) with
        {
            GivenAt = Now.AddDays(-500),
            Refusals = new Dictionary<string, CategoryRefusal> { [Ads] = new(Now.AddDays(-10), ConsentSource.Signal) },
        };

        Assert.IsFalse(ConsentDecider.NeedsChoice(site, state, Now));
        Assert.IsTrue(ConsentDecider.NeedsChoice(site, state, Now.AddDays(355)));
    }

    [TestMethod]
    [DataRow(OptOut, null, 365)]
    [DataRow(OptOut, 100, 365)]
    [DataRow(OptOut, 500, 500)]
    [DataRow(OptIn, null, 183)]
    [DataRow(OptIn, 30, 183)]
    [DataRow(OptIn, 365, 365)]
    public void ReAskInterval_IsTheSitesChoiceButNeverBelowTheRegimeMinimum(ConsentRegime regime, int? configured, int expectedDays)
    {
        var site = Site(regime: regime) with { RefusalLifetimeDays = configured };

        Assert.AreEqual(TimeSpan.FromDays(expectedDays), ConsentDecider.ReAskInterval(site));
    }

    [TestMethod]
    public void NeedsChoice_OnASiteWithOnlyRequiredCategories_IsFalseEvenWithoutConsent()
    {
        var site = new SiteDefinition("Plain", [Cat(Necessary, true, false)], [V1], []);

        Assert.IsFalse(ConsentDecider.NeedsChoice(site, null, Now));
    }

    [TestMethod]
    public void NullArguments_AreRejected()
    {
        var site = Site(regime: OptIn);

        Assert.ThrowsExactly<ArgumentNullException>(() => ConsentDecider.Decide(null!, site.Categories[0], null, default, Now));
        Assert.ThrowsExactly<ArgumentNullException>(() => ConsentDecider.Decide(site, null!, null, default, Now));
        Assert.ThrowsExactly<ArgumentNullException>(() => ConsentDecider.DecideAll(null!, null, default, Now));
        Assert.ThrowsExactly<ArgumentNullException>(() => ConsentDecider.Unavailable(null!));
        Assert.ThrowsExactly<ArgumentNullException>(() => ConsentDecider.CurrentPolicyVersion(null!, Now));
        Assert.ThrowsExactly<ArgumentNullException>(() => ConsentDecider.NeedsChoice(null!, null, Now));
    }

    private static SiteDefinition Site(ConsentRegime regime) => new(
        "Shop",
        [Cat(Necessary, true, false), Cat(Analytics, false, false), Cat(Ads, false, true), Cat(Marketing, false, false)],
        [V1, V2, V3],
        ["shop.example"])
    {
        Regime = regime,
    };

    private static CategoryDefinition Cat(string id, bool required, bool sale) => new(id, required, sale, Texts(id), [id + "_*"]);

    private static Dictionary<string, CategoryText> Texts(string id) => new() { ["en"] = new(id, "About " + id) };

    private static CategoryDefinition Category(SiteDefinition site, string id) => site.Categories.Single(c => c.Id == id);

    // A consent answered under the current policy (v2), given 10 days ago, good for 170 more.
    private static ConsentState State(Dictionary<string, bool> choices) =>
        new(choices, 2, Now.AddDays(-10), Now.AddDays(170), ConsentSignals.None, ConsentSource.Banner, "r-1");

    private static ConsentState StateWithAll(bool choice) =>
        State(new() { [Analytics] = choice, [Ads] = choice, [Marketing] = choice });

    private static ConsentState? MakeState(StateKind kind) => kind switch
    {
        StateKind.None => null,
        StateKind.AllAllowed => StateWithAll(true),
        StateKind.AllDenied => StateWithAll(false),
        StateKind.Expired => StateWithAll(true) with { ExpiresAt = Now },
        StateKind.OutdatedPolicy => StateWithAll(true) with { PolicyVersion = 1 },
        StateKind.MissingCategory => State(new() { [Analytics] = false, [Ads] = false }),
        StateKind.RequiredRefused => State(new() { [Necessary] = false, [Analytics] = false, [Ads] = false, [Marketing] = false }),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
