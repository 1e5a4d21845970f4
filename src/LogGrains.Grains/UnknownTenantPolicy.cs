namespace LogGrains.Grains;

/// <summary>What happens to an object whose tenant has no configuration.</summary>
public enum UnknownTenantPolicy
{
    /// <summary>Dead-letter it with the reason (the default: nothing disappears silently).</summary>
    DeadLetter,

    /// <summary>Drop it, counted as filtered.</summary>
    Drop,
}
