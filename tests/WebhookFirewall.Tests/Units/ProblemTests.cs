using WebhookFirewall.Model;
using WebhookFirewall.Verification;

namespace WebhookFirewall.Tests.Units;

/// <summary>The contract's answers as values: every library failure has one, and each body is the contract's document.</summary>
public sealed class ProblemTests
{
    public static TheoryData<string> Codes() => new(All().Select(p => p.Code));

    [Fact]
    public void Every_failure_the_library_reports_has_its_problem()
    {
        foreach (var failure in Enum.GetValues<FailureCode>().Where(c => c != FailureCode.None))
        {
            var problem = Problem.For(failure);
            Assert.Equal(failure.ToWireCode(), problem.Code);
            // The sender's fault is a 4xx; a provider key the firewall could not obtain is not, and the provider retries.
            Assert.InRange(problem.Status, 400, failure == FailureCode.KeyUnavailable ? 503 : 499);
        }

        Assert.Equal(Enum.GetValues<FailureCode>().Length - 1, Problem.Failures.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => Problem.For(FailureCode.None));
    }

    [Theory]
    [MemberData(nameof(Codes))]
    public void Each_body_is_an_rfc_9457_document_with_its_status_and_code(string code)
    {
        var problem = All().Single(p => p.Code == code);

        using var body = JsonDocument.Parse(problem.Body);

        Assert.Equal("about:blank", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(problem.Title, body.RootElement.GetProperty("title").GetString());
        Assert.Equal(problem.Status, body.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(problem.Detail, body.RootElement.GetProperty("detail").GetString());
        Assert.Equal(code, body.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public void Codes_are_unique()
    {
        var codes = All().Select(p => p.Code).ToList();

        Assert.Equal(codes.Count, codes.Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>Every answer the table declares.</summary>
    private static IEnumerable<Problem> All() => typeof(Problem).GetFields().Select(f => f.GetValue(null)).OfType<Problem>();
}
