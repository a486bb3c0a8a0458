namespace WebhookFirewall.Tests.Infrastructure;

/// <summary>The ledger API of a running firewall, read as a client would, with the management token when one is set.</summary>
public static class LedgerApi
{
    public static async Task<JsonElement[]> ListAsync(HttpClient management, string query = "", string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/deliveries" + query);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await management.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    /// <summary>Polls until an entry with <paramref name="deliveryId"/> is listed (entries are written when a request ends).</summary>
    public static async Task<JsonElement> WaitForAsync(HttpClient management, string deliveryId, string? token = null)
    {
        JsonElement? found = null;
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            var entries = await ListAsync(management, "?deliveryId=" + Uri.EscapeDataString(deliveryId), token);
            found = entries.Length > 0 ? entries[0] : null;
            return found is not null;
        }), $"no ledger entry for {deliveryId}");
        return found!.Value;
    }

    public static string? Text(this JsonElement entry, string name) =>
        entry.GetProperty(name).ValueKind == JsonValueKind.Null ? null : entry.GetProperty(name).ToString();
}
