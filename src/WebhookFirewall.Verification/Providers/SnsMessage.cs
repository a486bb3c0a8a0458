using System.Text;
using System.Text.Json;

namespace WebhookFirewall.Verification.Providers;

/// <summary>
/// An AWS SNS HTTP(S) message, read strictly: a JSON object whose members SNS signs or names its certificate with
/// are strings, each present once and spelled exactly (a parser that picked another copy, or matched a name without
/// regard to case as one AWS SDK does, would verify one value and hand the backend another). Other members are
/// skipped: SNS may add some, and none of them is signed.
/// </summary>
internal sealed class SnsMessage
{
    public const string Notification = "Notification";
    public const string SubscriptionConfirmation = "SubscriptionConfirmation";
    public const string UnsubscribeConfirmation = "UnsubscribeConfirmation";

    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

    private static readonly string[] Names =
        ["Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL", "SubscribeURL", "Token", "UnsubscribeURL"];

    private readonly string?[] _values = new string?[Names.Length];

    private SnsMessage()
    {
    }

    public string? Type => _values[0];

    public string? MessageId => _values[1];

    public string? TopicArn => _values[2];

    public string? Subject => _values[3];

    public string? Message => _values[4];

    public string? Timestamp => _values[5];

    public string? SignatureVersion => _values[6];

    public string? Signature => _values[7];

    public string? SigningCertUrl => _values[8];

    public string? SubscribeUrl => _values[9];

    public string? Token => _values[10];

    public bool IsConfirmation => Type is SubscriptionConfirmation or UnsubscribeConfirmation;

    /// <summary>The message, or null with the reason it is not one SNS could have sent.</summary>
    public static SnsMessage? TryParse(ReadOnlySpan<byte> body, out string? problem)
    {
        var message = new SnsMessage();
        problem = null;
        try
        {
            var reader = new Utf8JsonReader(body, Options);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                problem = "the body is not a JSON object";
                return null;
            }

            var seen = new bool[Names.Length];
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                var index = Array.IndexOf(Names, name);
                var unlike = index < 0 ? Array.FindIndex(Names, n => n.Equals(name, StringComparison.OrdinalIgnoreCase)) : -1;
                if (unlike >= 0)
                {
                    problem = $"the body has a member `{Names[unlike]}` spelled in another case";
                    return null;
                }

                reader.Read();
                if (index < 0)
                {
                    reader.Skip();
                    continue;
                }

                if (seen[index])
                {
                    problem = $"the body has `{Names[index]}` more than once";
                    return null;
                }

                seen[index] = true;
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        message._values[index] = reader.GetString();
                        break;
                    case JsonTokenType.Null when Names[index] == "Subject":
                        break; // a message published without a subject: SNS then signs none
                    default:
                        problem = $"the body's `{Names[index]}` is not a string";
                        return null;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                problem = "the body is not one JSON object";
                return null;
            }

            return message;
        }
        catch (JsonException)
        {
            problem = "the body is not valid JSON";
            return null;
        }
        catch (InvalidOperationException)
        {
            problem = "the body holds a string that is not valid Unicode";
            return null;
        }
    }

    /// <summary>The first signed member the message lacks, or null when it has all its type signs.</summary>
    public string? MissingSignedMember()
    {
        if (Message is null)
        {
            return "Message";
        }

        if (MessageId is null)
        {
            return "MessageId";
        }

        if (Timestamp is null)
        {
            return "Timestamp";
        }

        if (TopicArn is null)
        {
            return "TopicArn";
        }

        if (IsConfirmation && SubscribeUrl is null)
        {
            return "SubscribeURL";
        }

        return IsConfirmation && Token is null ? "Token" : null;
    }

    /// <summary>
    /// What SNS signs: `name\nvalue\n` for each signed member in byte order of the names — for a Notification
    /// Message, MessageId, Subject (when there is one), Timestamp, TopicArn, Type; for both confirmations Message,
    /// MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type.
    /// </summary>
    public byte[] StringToSign()
    {
        var text = new StringBuilder(256);
        Append(text, "Message", Message!);
        Append(text, "MessageId", MessageId!);
        if (IsConfirmation)
        {
            Append(text, "SubscribeURL", SubscribeUrl!);
        }
        else if (Subject is not null)
        {
            Append(text, "Subject", Subject);
        }

        Append(text, "Timestamp", Timestamp!);
        if (IsConfirmation)
        {
            Append(text, "Token", Token!);
        }

        Append(text, "TopicArn", TopicArn!);
        Append(text, "Type", Type!);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void Append(StringBuilder text, string name, string value) => text.Append(name).Append('\n').Append(value).Append('\n');
}
