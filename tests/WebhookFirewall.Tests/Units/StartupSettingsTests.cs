using Microsoft.Extensions.Configuration;
using WebhookFirewall.Configuration;
using WebhookFirewall.Model;

namespace WebhookFirewall.Tests.Units;

public sealed class StartupSettingsTests
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void InlineScheduling_set_explicitly_wins_over_the_runtime_switch(string value, bool expected)
    {
        var problems = new List<ConfigProblem>();

        var settings = StartupSettings.Read(Configuration(value), problems);

        Assert.Empty(problems);
        Assert.Equal(expected, settings.InlineScheduling);
    }

    [Fact]
    public void InlineScheduling_that_is_not_a_boolean_is_a_problem_at_its_key()
    {
        var problems = new List<ConfigProblem>();

        StartupSettings.Read(Configuration("yes"), problems);

        Assert.Contains(problems, p => p.Path == StartupSettings.InlineSchedulingKey);
    }

    private static IConfiguration Configuration(string? inlineScheduling) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(inlineScheduling is null ? [] : [new KeyValuePair<string, string?>(StartupSettings.InlineSchedulingKey, inlineScheduling)])
            .Build();
}
