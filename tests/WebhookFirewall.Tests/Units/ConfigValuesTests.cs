using Microsoft.Extensions.Configuration;
using WebhookFirewall.Configuration;
using WebhookFirewall.Model;

namespace WebhookFirewall.Tests.Units;

/// <summary>Typed config reads: a usable value, or the fallback and one problem at the value's path — never an exception.</summary>
public sealed class ConfigValuesTests
{
    private readonly List<ConfigProblem> _problems = [];

    [Theory]
    [InlineData("00:05:00", 0, 0, 5, 0)]
    [InlineData("1.00:00:00", 1, 0, 0, 0)]
    [InlineData("00:00:00.5", 0, 0, 0, 500)]
    [InlineData("2.03:04:05", 2, 3, 4, 5000)]
    public void A_time_span_is_read_in_its_colon_forms(string text, int days, int hours, int minutes, int milliseconds)
    {
        var value = ConfigValues.ReadTimeSpan(Section(("Window", text)), "Window", TimeSpan.FromDays(9), _problems);

        Assert.Equal(new TimeSpan(days, hours, minutes, 0, milliseconds), value);
        Assert.Empty(_problems);
    }

    [Theory]
    [InlineData("300")] // TimeSpan.Parse would read 300 days
    [InlineData("00:00:00")]
    [InlineData("-00:01:00")]
    [InlineData("five minutes")]
    [InlineData("")]
    public void An_unusable_time_span_is_a_problem_at_its_path_and_the_fallback_stands(string text)
    {
        var fallback = TimeSpan.FromMinutes(5);

        var value = ConfigValues.ReadTimeSpan(Section(("Window", text)), "Window", fallback, _problems);

        Assert.Equal(fallback, value);
        var problem = Assert.Single(_problems);
        Assert.Equal("p:Window", problem.Path);
        Assert.Contains("not a positive TimeSpan", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_absent_value_is_the_fallback_without_a_problem()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), ConfigValues.ReadTimeSpan(Section(), "Window", TimeSpan.FromSeconds(7), _problems));
        Assert.Equal(42, ConfigValues.ReadSize(Section(), "Max", 42, 100, _problems));
        Assert.True(ConfigValues.ReadBool(Section(), "On", true, _problems));
        Assert.Equal(3, ConfigValues.ReadCount(Section(), "N", 3, _problems));
        Assert.Empty(_problems);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("1048576", 1048576)]
    [InlineData("268435456", 268435456)]
    public void A_size_is_a_whole_number_of_bytes_up_to_the_maximum(string text, long expected)
    {
        Assert.Equal(expected, ConfigValues.ReadSize(Section(("Max", text)), "Max", 5, 268435456, _problems));
        Assert.Empty(_problems);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("268435457")]
    [InlineData("1MB")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData(" 5")]
    [InlineData("1e3")]
    public void An_unusable_size_is_a_problem(string text)
    {
        Assert.Equal(5, ConfigValues.ReadSize(Section(("Max", text)), "Max", 5, 268435456, _problems));
        Assert.Contains("not a size in bytes between 1 and 268435456", Assert.Single(_problems).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("False", false)]
    [InlineData("TRUE", true)]
    public void A_boolean_is_true_or_false_in_any_case(string text, bool expected)
    {
        Assert.Equal(expected, ConfigValues.ReadBool(Section(("On", text)), "On", !expected, _problems));
        Assert.Empty(_problems);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("1")]
    [InlineData("on")]
    public void Anything_else_is_not_a_boolean(string text)
    {
        Assert.True(ConfigValues.ReadBool(Section(("On", text)), "On", true, _problems));
        Assert.Equal("'" + text + "' is not true or false", Assert.Single(_problems).Message);
    }

    [Fact]
    public void Counts_start_at_one_and_queue_limits_at_zero()
    {
        var section = Section(("Zero", "0"), ("Two", "2"));

        Assert.Equal(9, ConfigValues.ReadCount(section, "Zero", 9, _problems));
        Assert.Equal(2, ConfigValues.ReadCount(section, "Two", 9, _problems));
        Assert.Equal(0, ConfigValues.ReadNonNegative(section, "Zero", 9, _problems));
        Assert.Equal("p:Zero", Assert.Single(_problems).Path);
    }

    [Fact]
    public void A_list_is_read_in_numeric_index_order()
    {
        var entries = Enumerable.Range(0, 12).Select(i => ($"Secrets:{i}", $"s{i}")).ToArray();

        var list = ConfigValues.ReadList(Section(entries), "Secrets");

        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"s{i}"), list);
    }

    [Fact]
    public void A_single_value_is_a_list_of_one_and_an_absent_one_is_empty()
    {
        Assert.Equal(["only"], ConfigValues.ReadList(Section(("Secrets", "only")), "Secrets"));
        Assert.Empty(ConfigValues.ReadList(Section(), "Secrets"));
    }

    [Theory]
    [InlineData("Report", "Report")]
    [InlineData("enforce", "Enforce")]
    public void A_name_is_read_in_any_case(string text, string expected)
    {
        Assert.True(ConfigValues.TryParseName<PolicyMode>(text, out var mode));
        Assert.Equal(expected, mode.ToString());
    }

    [Theory]
    [InlineData("2")]
    [InlineData("1,Report")]
    [InlineData("Audit")]
    [InlineData(null)]
    public void Numbers_and_unknown_names_are_not_names(string? text)
    {
        Assert.False(ConfigValues.TryParseName<PolicyMode>(text, out _));
    }

    private static IConfigurationSection Section(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("p:" + v.Key, v.Value)))
            .Build()
            .GetSection("p");
}
