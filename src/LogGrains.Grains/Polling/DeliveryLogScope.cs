using System.Collections;

namespace LogGrains.Grains.Polling;

/// <summary>
/// The logging scope around a message's handling: <c>MessageId</c>, and <c>Tenant</c> and <c>ObjectKey</c> for the
/// record being delivered or settled, so that every line logged meanwhile (the adapters' too) carries them as fields.
/// </summary>
internal sealed class DeliveryLogScope : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly KeyValuePair<string, object?>[] _fields;

    private DeliveryLogScope(params KeyValuePair<string, object?>[] fields) => _fields = fields;

    public int Count => _fields.Length;

    public KeyValuePair<string, object?> this[int index] => _fields[index];

    public static DeliveryLogScope ForMessage(string messageId) => new(new KeyValuePair<string, object?>("MessageId", messageId));

    public static DeliveryLogScope ForObject(string tenant, string objectKey) => new(
        new KeyValuePair<string, object?>("Tenant", tenant),
        new KeyValuePair<string, object?>("ObjectKey", objectKey));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_fields).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(", ", _fields.Select(f => $"{f.Key}={f.Value}"));
}
