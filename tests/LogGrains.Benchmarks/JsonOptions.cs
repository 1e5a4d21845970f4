using System.Text.Encodings.Web;
using System.Text.Json;

namespace LogGrains.Benchmarks;

internal static class JsonOptions
{
    public static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
