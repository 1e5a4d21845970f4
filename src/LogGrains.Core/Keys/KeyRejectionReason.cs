namespace LogGrains.Core.Keys;

/// <summary>
/// Why a decoded object key does not fit the <see cref="KeyLayout"/>. Every reason is permanent:
/// the object is poison and goes to the dead-letter queue, it is never retried.
/// </summary>
public enum KeyRejectionReason
{
    /// <summary>The key has more or fewer <c>/</c>-separated segments than the layout.</summary>
    WrongSegmentCount,

    /// <summary>A segment is empty or only white space (includes a leading, trailing or doubled <c>/</c>).</summary>
    EmptySegment,

    /// <summary>A segment is <c>.</c> or <c>..</c>.</summary>
    DotSegment,

    /// <summary>A segment contains a control character.</summary>
    ControlCharacter,

    /// <summary>A segment contains an unpaired UTF-16 surrogate (not representable as UTF-8).</summary>
    InvalidCharacter,

    /// <summary>A segment is longer than <see cref="KeyLayout.MaxSegmentLength"/> characters.</summary>
    SegmentTooLong,

    /// <summary>The tenant segment does not match <see cref="Tenants.TenantIdRule.Pattern"/>.</summary>
    InvalidTenantId,

    /// <summary>A literal segment of the layout does not match the key.</summary>
    LiteralMismatch,
}
