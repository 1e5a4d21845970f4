namespace LogGrains.Core.Keys;

/// <summary>What one segment of a <see cref="KeyLayout"/> template stands for.</summary>
internal enum KeyPart
{
    Literal,
    Tenant,
    ClusterId,
    Application,
    PodName,
    File,
}
