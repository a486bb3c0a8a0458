using System.Globalization;
using System.Net;

namespace WebhookFirewall.Verification.Primitives;

/// <summary>
/// Fetches key material over HTTPS, with the system's trust store: no redirect is followed (a 3xx is a failure, so a
/// URL that passed its host rule cannot lead elsewhere), the answer must be 200 within the timeout and the size cap.
/// The handler is injectable for tests only; every rule here holds whatever the handler.
/// </summary>
internal sealed class KeyFetcher : IDisposable
{
    private readonly HttpClient _client;
    private readonly KeyFetchLimits _limits;

    public KeyFetcher(KeyFetchLimits limits, HttpMessageHandler? handler = null)
    {
        _limits = limits;
        _client = new HttpClient(handler ?? CreateHandler(limits), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The body of a 200 answer, or why there is none. Throws only when <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task<FetchedBytes> FetchAsync(KeyRequest request, CancellationToken cancellationToken)
    {
        if (!IsAllowed(request))
        {
            return FetchedBytes.Failed($"{request.Description} is not an https URL (plain http only for a loopback KeyEndpoint): not fetched");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_limits.Timeout);
        using var message = new HttpRequestMessage(request.Method, request.Url) { Content = request.Content };
        message.Headers.Authorization = request.Authorization;
        message.Headers.Accept.ParseAdd("application/json, application/x-pem-file, */*;q=0.5");
        try
        {
            using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400)
            {
                return FetchedBytes.Failed($"{request.Description} answered a redirect ({status}), which is never followed");
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                return FetchedBytes.Failed($"{request.Description} answered {status}");
            }

            if (response.Content.Headers.ContentLength > _limits.MaxResponseBytes)
            {
                return FetchedBytes.Failed($"{request.Description} answered more than {_limits.MaxResponseBytes} bytes");
            }

            return await ReadBoundedAsync(response.Content, request.Description, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return FetchedBytes.Failed($"{request.Description} did not answer within {Seconds(_limits.Timeout)}");
        }
        catch (HttpRequestException e)
        {
            return FetchedBytes.Failed($"{request.Description} could not be reached ({e.HttpRequestError})");
        }
        catch (IOException)
        {
            return FetchedBytes.Failed($"{request.Description} broke off its answer");
        }
    }

    public void Dispose() => _client.Dispose();

    private static SocketsHttpHandler CreateHandler(KeyFetchLimits limits) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = limits.Timeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    private static bool IsAllowed(KeyRequest request)
    {
        var url = request.Url;
        if (!url.IsAbsoluteUri || url.UserInfo.Length > 0 || url.Fragment.Length > 0)
        {
            return false;
        }

        return url.Scheme == Uri.UriSchemeHttps
            || (url.Scheme == Uri.UriSchemeHttp && request.AllowPlainHttp && KeyEndpoints.IsLoopbackLiteral(url.Host));
    }

    private async Task<FetchedBytes> ReadBoundedAsync(HttpContent content, string description, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            // One byte more than allowed tells an oversized answer from one exactly at the cap.
            var buffer = new byte[_limits.MaxResponseBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            return length > _limits.MaxResponseBytes
                ? FetchedBytes.Failed($"{description} answered more than {_limits.MaxResponseBytes} bytes")
                : FetchedBytes.Of(buffer[..length]);
        }
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
