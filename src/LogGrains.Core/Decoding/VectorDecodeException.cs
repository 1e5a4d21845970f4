namespace LogGrains.Core.Decoding;

/// <summary>
/// A file cannot be decoded; the message names what is wrong and where. The object is poison (dead-letter it with
/// <see cref="Reason"/>), not a transient failure.
/// </summary>
public sealed class VectorDecodeException : Exception
{
    /// <summary>Creates an exception with no specific reason.</summary>
    public VectorDecodeException()
        : this(DecodeFailure.Unspecified, "The file cannot be decoded.", -1, null)
    {
    }

    /// <summary>Creates an exception with no specific reason.</summary>
    /// <param name="message">What is wrong.</param>
    public VectorDecodeException(string message)
        : this(DecodeFailure.Unspecified, message, -1, null)
    {
    }

    /// <summary>Creates an exception with no specific reason.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The underlying error.</param>
    public VectorDecodeException(string message, Exception? innerException)
        : this(DecodeFailure.Unspecified, message, -1, innerException)
    {
    }

    /// <summary>Creates an exception for one decoding failure.</summary>
    /// <param name="reason">The failure class.</param>
    /// <param name="message">What is wrong and where.</param>
    /// <param name="byteOffset">The decompressed byte offset the failure refers to, or -1.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public VectorDecodeException(DecodeFailure reason, string message, long byteOffset, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
        ByteOffset = byteOffset;
    }

    /// <summary>The failure class.</summary>
    public DecodeFailure Reason { get; }

    /// <summary>The offset in the decompressed content the failure refers to, or -1 when it has none.</summary>
    public long ByteOffset { get; }
}
