using WebhookFirewall.Spool;

namespace WebhookFirewall.Tests.Units;

/// <summary>How a spooled request is kept and sent again: its stored form, its path relative to the destination.</summary>
public sealed class SpoolRequestTests
{
    [Fact]
    public void The_stored_form_keeps_every_header_value_in_order_and_never_a_credential()
    {
        SpooledHeader[] headers =
        [
            new("X-GitHub-Event", "pull_request_ré", false),
            new("Accept", "a", false),
            new("Accept", "b", false),
            new("X-Gitlab-Token", "the-secret", true),
        ];

        var encoded = SpooledRequestCodec.Encode("POST", "/hooks/x?a=1&b=%2F", headers);
        var (method, path, decoded) = SpooledRequestCodec.Decode(encoded);

        Assert.Equal("POST", method);
        Assert.Equal("/hooks/x?a=1&b=%2F", path);
        Assert.Equal(headers.Length, decoded.Count);
        Assert.Equal(headers[..3], decoded.Take(3));
        Assert.Equal(new SpooledHeader("X-Gitlab-Token", SpooledHeader.Placeholder, true), decoded[3]);
        Assert.True(encoded.AsSpan().IndexOf("the-secret"u8) < 0);
    }

    [Theory]
    [InlineData("http://backend:8080/webhooks/github?x=1", "http://backend:8080/", "/webhooks/github?x=1")]
    [InlineData("http://backend:8080/api/webhooks/github", "http://backend:8080/api/", "/webhooks/github")]
    [InlineData("http://backend:8080/api/webhooks/github", "http://backend:8080/api", "/webhooks/github")]
    [InlineData("http://backend/a%2Fb", "http://backend", "/a%2Fb")]
    public void The_path_is_kept_relative_to_the_destination_it_was_sent_to(string sent, string destination, string relative)
    {
        Assert.Equal(relative, SpoolCapture.RelativePathAndQuery(new Uri(sent), destination));
    }

    [Theory]
    [InlineData("http://other:9000/", "/webhooks/github?x=1", "http://other:9000/webhooks/github?x=1")]
    [InlineData("http://other:9000/base/", "/webhooks/github", "http://other:9000/base/webhooks/github")]
    [InlineData("http://other:9000/base", "?only=query", "http://other:9000/base?only=query")]
    public void A_redelivery_goes_to_the_same_path_under_whichever_destination_is_picked(string destination, string relative, string sent)
    {
        Assert.Equal(sent, RedeliveryTransformer.Join(destination, relative));
    }
}
