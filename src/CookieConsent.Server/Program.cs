using CookieConsent.Server.Api;
using CookieConsent.Server.Console;
using CookieConsent.Server.Health;
using CookieConsent.Server.Hosting;
using CookieConsent.Server.HostedPages;
using CookieConsent.Server.RateLimiting;
using CookieConsent.Server.Services;

var builder = WebApplication.CreateBuilder(args);
builder.AddConsentServer();
builder.Services.AddConsentRateLimits();

var app = builder.Build();
app.UseProblemDetailsErrors();
app.UseHeadAsGet();
app.UseRouting();
app.UseRateLimiter();
app.UseRequestBodyLimit();
app.UseApiDocumentation();

app.MapConsentApi();
app.MapHostedPages();
app.MapServiceApi();
app.MapOptOutPage();
app.MapSyncBounce();
app.MapOperatorConsole();
app.MapHealth();
app.MapFavicon();

app.Run();

/// <summary>The server's entry point (public for integration tests).</summary>
public partial class Program;
