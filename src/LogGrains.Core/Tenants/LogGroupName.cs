using System.Diagnostics.CodeAnalysis;

namespace LogGrains.Core.Tenants;

/// <summary>The CloudWatch Logs rule for log group names: 1-512 characters of <c>[\.\-_/#A-Za-z0-9]</c>.</summary>
public static class LogGroupName
{
    /// <summary>The longest allowed name.</summary>
    public const int MaxLength = 512;

    /// <summary>Checks a log group name.</summary>
    /// <param name="name">The candidate name.</param>
    /// <param name="reason">Why it is not valid.</param>
    /// <returns><see langword="true"/> when CloudWatch Logs accepts the name.</returns>
    public static bool IsValid(string? name, [NotNullWhen(false)] out string? reason)
    {
        if (string.IsNullOrEmpty(name))
        {
            reason = "the log group name is empty";
            return false;
        }

        if (name.Length > MaxLength)
        {
            reason = $"the log group name is {name.Length} characters long (at most {MaxLength})";
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '_' or '/' or '#'))
            {
                reason = $"the log group name '{name}' has '{c}' at offset {i}; allowed are A-Z a-z 0-9 . - _ / #";
                return false;
            }
        }

        reason = null;
        return true;
    }
}
