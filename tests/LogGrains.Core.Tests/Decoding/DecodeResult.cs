using LogGrains.Core.Decoding;

namespace LogGrains.Core.Tests.Decoding;

internal sealed record DecodeResult(List<LoggedEvent> Events, DecodeStats Stats, int Calls);
