namespace LogGrains.Orleans.DynamoDB;

/// <summary>
/// Where a DynamoDB-backed Orleans provider keeps its table and how it reaches DynamoDB.
/// </summary>
public abstract class DynamoDbProviderOptions
{
    /// <summary>The DynamoDB table name (3-255 characters: letters, digits, <c>_</c>, <c>-</c>, <c>.</c>).</summary>
    public string TableName { get; set; } = string.Empty;

    /// <summary>
    /// An explicit endpoint such as <c>http://127.0.0.1:5000</c> for emulators; <see langword="null"/> uses the
    /// regional AWS endpoint. Requires <see cref="Region"/>, which then becomes the signing region.
    /// </summary>
    public string? ServiceUrl { get; set; }

    /// <summary>
    /// The AWS region, for example <c>eu-west-1</c>; <see langword="null"/> resolves it through the SDK's default
    /// region chain (<c>AWS_REGION</c>, profile), never a silent default.
    /// </summary>
    public string? Region { get; set; }

    /// <summary>Static access key id; <see langword="null"/> uses the SDK default credential chain.</summary>
    public string? AccessKey { get; set; }

    /// <summary>Static secret access key; required together with <see cref="AccessKey"/>.</summary>
    public string? SecretKey { get; set; }

    /// <summary>Optional session token for temporary static credentials.</summary>
    public string? SessionToken { get; set; }

    /// <summary>
    /// Whether to create the table (on-demand billing) when it does not exist and wait until it is ACTIVE.
    /// When <see langword="false"/>, a missing table stops start-up.
    /// </summary>
    public bool CreateIfNotExists { get; set; } = true;

    /// <summary>How long to wait for a table to become ACTIVE.</summary>
    public TimeSpan TableActivationTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
