namespace LogGrains.Core.Tenants;

/// <summary>The shape of a DynamoDB table name: 3-255 characters of letters, digits, <c>_</c>, <c>-</c> and <c>.</c>.</summary>
public static class DynamoDbTableName
{
    /// <summary>What a valid name looks like, for messages.</summary>
    public const string Rule = "3-255 characters of letters, digits, '-', '_' and '.'";

    /// <summary>Whether <paramref name="name"/> has the shape of a DynamoDB table name.</summary>
    public static bool IsValid(string? name) =>
        name is { Length: >= 3 and <= 255 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
