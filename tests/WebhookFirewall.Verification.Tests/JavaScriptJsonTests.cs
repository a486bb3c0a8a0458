using System.Text;
using WebhookFirewall.Verification.Primitives;

namespace WebhookFirewall.Verification.Tests;

/// <summary>
/// The JavaScript re-serialisation eBay's signatures are verified over. Expected outputs are Node's own (v20,
/// `JSON.stringify(JSON.parse(text))` and `JSON.stringify(number)`), computed once and written here as literals.
/// </summary>
public sealed class JavaScriptJsonTests
{
    [Theory]
    // Array-index names first, ascending; "-1", "01" and 2^32-1 are no indices and keep their place.
    [InlineData("""{"b":1,"a":2,"10":3,"2":4,"-1":5,"01":6,"4294967295":7,"4294967294":8}""", """{"2":4,"10":3,"4294967294":8,"b":1,"a":2,"-1":5,"01":6,"4294967295":7}""")]
    // Two-character escapes, \u00XX for the other controls, everything else (U+2028, DEL, astral) as is.
    [InlineData("[\"\\u0000\\u001f\\b\\f\\n\\r\\t\\\"\\\\\\/\\u00e9\\u2028\\ud83d\\ude00\\u007f x\"]", "[\"\\u0000\\u001f\\b\\f\\n\\r\\t\\\"\\\\/\u00e9\u2028\U0001F600\u007f x\"]")]
    [InlineData("""{"a":"\u00e9\/\u0041","nested":{"z":[1,{"y":null,"x":true}],"0":false}}""", "{\"a\":\"\u00e9/A\",\"nested\":{\"0\":false,\"z\":[1,{\"y\":null,\"x\":true}]}}")]
    [InlineData("[0.1,1e+21,1e-7,123456789012345680000,1.7976931348623157e+308,5e-324,0.000001,1.5,-2,100,9007199254740992,-0.0000015,12.5,0]", "[0.1,1e+21,1e-7,123456789012345680000,1.7976931348623157e+308,5e-324,0.000001,1.5,-2,100,9007199254740992,-0.0000015,12.5,0]")]
    [InlineData("  {\n  \"spaced\" : [ 1 , 2 ]\n}\n", """{"spaced":[1,2]}""")]
    public void Reserialises_as_node_does(string input, string expected)
    {
        var written = JavaScriptJson.TryReserialize(Encoding.UTF8.GetBytes(input), out var problem);
        Assert.Null(problem);
        Assert.Equal(expected, Encoding.UTF8.GetString(written!));
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(123456789012345680000d, "123456789012345680000")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(-2d, "-2")]
    [InlineData(100d, "100")]
    [InlineData(9007199254740992d, "9007199254740992")]
    [InlineData(-0.0000015, "-0.0000015")]
    [InlineData(1d / 3, "0.3333333333333333")]
    [InlineData(2d / 3 * 1e-10, "6.666666666666667e-11")]
    [InlineData(123e-20, "1.23e-18")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(0.00001234, "0.00001234")]
    [InlineData(-0d, "0")]
    public void Numbers_are_written_as_javascript_writes_them(double value, string expected)
    {
        Assert.Equal(expected, JavaScriptJson.FormatNumber(value));
    }

    [Theory]
    [InlineData("""{"a":1,"a":2}""")]                   // JavaScript keeps the last copy, most parsers the first
    [InlineData("""{"o":{"k":"x","k":"y"}}""")]
    [InlineData("""[1.0]""")]                            // JavaScript writes it back as 1
    [InlineData("""[1E2]""")]
    [InlineData("""[-0]""")]
    [InlineData("""[9007199254740993]""")]               // a double holds ...992: a backend reading longs sees another number
    [InlineData("""[1e999]""")]
    [InlineData("""["\ud800"]""")]                       // a lone surrogate
    [InlineData("""{"a":1}x""")]
    [InlineData("""{"a":1,}""")]
    [InlineData("""// comment""")]
    [InlineData("")]
    public void Body_a_reserialisation_could_give_another_meaning_is_refused(string input)
    {
        Assert.Null(JavaScriptJson.TryReserialize(Encoding.UTF8.GetBytes(input), out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void Invalid_utf8_and_deep_nesting_are_refused_not_thrown()
    {
        Assert.Null(JavaScriptJson.TryReserialize(new byte[] { (byte)'[', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)']' }, out _));
        Assert.Null(JavaScriptJson.TryReserialize(Encoding.ASCII.GetBytes(new string('[', 100) + new string(']', 100)), out _));
    }
}
