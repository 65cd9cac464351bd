using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SampleShop.Pages;

/// <summary>
/// The page for an error answered without a body (an unknown address, a product that does not exist), in the shop's
/// layout. Reached through <c>UseStatusCodePagesWithReExecute</c> with the original method, so a stray POST gets it too.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class StatusCodeModel : PageModel
{
    public int Code { get; private set; }

    public bool IsNotFound => Code == StatusCodes.Status404NotFound;

    public void OnGet(int code) => Answer(code);

    public void OnPost(int code) => Answer(code);

    // Asked for directly, /status/200 is no error: it is an address with nothing behind it.
    private void Answer(int code)
    {
        Code = code is >= 400 and <= 599 ? code : StatusCodes.Status404NotFound;
        Response.StatusCode = Code;
    }
}
