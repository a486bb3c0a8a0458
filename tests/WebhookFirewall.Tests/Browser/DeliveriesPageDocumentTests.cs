using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using WebhookFirewall.Management.Page;

namespace WebhookFirewall.Tests.Browser;

/// <summary>The ledger page as served: the pinned hashes, the headers, and what its one script may never do.</summary>
public sealed partial class DeliveriesPageDocumentTests
{
    private static readonly string Html = Encoding.UTF8.GetString(DeliveriesPage.Document.Html.Span);

    [Fact]
    public void The_policy_pins_the_exact_inline_script_and_style()
    {
        var script = Single(ScriptElement());
        var style = Single(StyleElement());

        Assert.Equal(
            $"default-src 'none'; script-src 'sha256-{Sha256(script)}'; style-src 'sha256-{Sha256(style)}'; connect-src 'self'; frame-ancestors 'none'",
            DeliveriesPage.ContentSecurityPolicy);
    }

    [Fact]
    public async Task The_page_is_written_with_its_headers_and_nothing_else()
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;

        await DeliveriesPage.WriteAsync(context);

        Assert.Equal(200, context.Response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", context.Response.ContentType);
        Assert.Equal(DeliveriesPage.ContentSecurityPolicy, context.Response.Headers.ContentSecurityPolicy);
        Assert.Equal("nosniff", context.Response.Headers.XContentTypeOptions);
        Assert.Equal("no-referrer", context.Response.Headers["Referrer-Policy"]);
        Assert.Equal("no-store", context.Response.Headers.CacheControl);
        Assert.Equal(DeliveriesPage.Document.Html.ToArray(), body.ToArray());
        Assert.Equal(body.Length, context.Response.ContentLength);
    }

    [Fact]
    public void Line_endings_of_a_checkout_do_not_change_the_hashes()
    {
        var crlf = PageDocument.Parse("\uFEFF" + Html.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal(DeliveriesPage.Document.ScriptSource, crlf.ScriptSource);
        Assert.Equal(DeliveriesPage.Document.StyleSource, crlf.StyleSource);
        Assert.Equal(DeliveriesPage.Document.Html.ToArray(), crlf.Html.ToArray());
    }

    [Theory]
    [InlineData("<style>a{}</style><script>1</script><script>2</script>")]
    [InlineData("<style>a{}</style><script nonce=x>1</script>")]
    [InlineData("<style>a{}</style><style>b{}</style><script>1</script>")]
    [InlineData("<script>1</script>")]
    public void A_page_with_other_than_one_plain_script_and_style_is_refused(string html)
    {
        Assert.Throws<InvalidOperationException>(() => PageDocument.Parse(html));
    }

    [Fact]
    public void The_page_loads_nothing_and_has_no_inline_handlers_or_style_attributes()
    {
        var markup = ScriptElement().Replace(Html, "").Replace(Single(StyleElement()), "");

        Assert.DoesNotMatch(@"\s(src|href|style|action|formaction)\s*=", markup);
        Assert.DoesNotMatch(@"\son[a-z]+\s*=", markup);
        Assert.DoesNotContain("<link", markup, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", Single(StyleElement()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("innerHTML")]
    [InlineData("outerHTML")]
    [InlineData("insertAdjacentHTML")]
    [InlineData("document.write")]
    [InlineData("createContextualFragment")]
    [InlineData("DOMParser")]
    [InlineData("eval(")]
    [InlineData("Function(")]
    [InlineData("setAttribute('on")]
    [InlineData("setAttribute('style")]
    [InlineData("new EventSource")]
    [InlineData("localStorage")]
    [InlineData("sessionStorage")]
    [InlineData("document.cookie")]
    [InlineData("?token")]
    [InlineData("&token")]
    public void The_script_never_uses(string forbidden)
    {
        Assert.DoesNotContain(forbidden, Single(ScriptElement()), StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_has_labelled_controls_and_a_polite_live_region()
    {
        foreach (Match control in Regex.Matches(Html, "<(input|select)[^>]*\\sid=\"([^\"]+)\""))
        {
            Assert.Contains($"<label for=\"{control.Groups[2].Value}\">", Html, StringComparison.Ordinal);
        }

        Assert.Contains("aria-live=\"polite\"", Html, StringComparison.Ordinal);
        Assert.DoesNotContain("aria-live=\"assertive\"", Html, StringComparison.Ordinal);
    }

    private static string Single(Regex element)
    {
        var match = Assert.Single(element.Matches(Html));
        return match.Groups[1].Value;
    }

    private static string Sha256(string text) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [GeneratedRegex("<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptElement();

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();
}
