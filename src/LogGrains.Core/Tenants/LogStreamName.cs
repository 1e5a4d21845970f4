using System.Diagnostics.CodeAnalysis;

namespace LogGrains.Core.Tenants;

/// <summary>The CloudWatch Logs rule for log stream names: 1-512 characters, no <c>:</c> or <c>*</c>.</summary>
public static class LogStreamName
{
    /// <summary>The longest allowed name.</summary>
    public const int MaxLength = 512;

    /// <summary>Checks a log stream name.</summary>
    /// <param name="name">The candidate name.</param>
    /// <param name="reason">Why it is not valid.</param>
    /// <returns><see langword="true"/> when CloudWatch Logs accepts the name.</returns>
    public static bool IsValid(string? name, [NotNullWhen(false)] out string? reason)
    {
        if (string.IsNullOrEmpty(name))
        {
            reason = "the log stream name is empty";
            return false;
        }

        if (name.Length > MaxLength)
        {
            reason = $"the log stream name is {name.Length} characters long (at most {MaxLength})";
            return false;
        }

        var bad = name.AsSpan().IndexOfAny(':', '*');
        if (bad >= 0)
        {
            reason = $"the log stream name '{name}' has '{name[bad]}' at offset {bad}; ':' and '*' are not allowed";
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsControl(name[i]))
            {
                reason = $"the log stream name '{name}' has the control character U+{(int)name[i]:X4} at offset {i}";
                return false;
            }
        }

        reason = null;
        return true;
    }
}
