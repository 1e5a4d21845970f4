namespace LogGrains.Core.Content;

/// <summary>The built-in redaction rules, as flags so that a rule set can hold any combination.</summary>
[Flags]
public enum BuiltInRule
{
    /// <summary>No built-in rule.</summary>
    None = 0,

    /// <summary><c>aws-access-key-id</c>: <c>(?:AKIA|ASIA)[A-Z0-9]{16}</c>.</summary>
    AwsAccessKeyId = 1,

    /// <summary><c>aws-secret-key</c>: the value after a secret-key name, in <c>key=value</c> or JSON form.</summary>
    AwsSecretKey = 2,

    /// <summary><c>bearer-token</c>: the token after <c>Bearer</c>.</summary>
    BearerToken = 4,

    /// <summary><c>jwt</c>: three base64url parts, the first starting <c>eyJ</c>.</summary>
    Jwt = 8,

    /// <summary><c>email</c>: an e-mail address.</summary>
    Email = 16,

    /// <summary><c>card-number</c>: 13 to 19 digits, optionally grouped by spaces or dashes, passing the Luhn check.</summary>
    CardNumber = 32,

    /// <summary><c>ipv4</c>: a dotted-quad IPv4 address (opt-in: version numbers look the same).</summary>
    Ipv4 = 64,
}
