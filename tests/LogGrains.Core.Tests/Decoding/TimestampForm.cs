namespace LogGrains.Core.Tests.Decoding;

internal enum TimestampForm
{
    Rfc3339Nanos,
    Rfc3339Offset,
    Rfc3339SpaceNoOffset,
    EpochSeconds,
    EpochSecondsFraction,
    EpochMillis,
    EpochMicrosString,
    EpochNanos,
    Missing,
    Garbage,
}
