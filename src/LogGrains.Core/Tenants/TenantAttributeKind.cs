namespace LogGrains.Core.Tenants;

/// <summary>The DynamoDB attribute types a tenant item may hold.</summary>
public enum TenantAttributeKind
{
    /// <summary>A string (<c>S</c>).</summary>
    S,

    /// <summary>A number, kept as its decimal text (<c>N</c>).</summary>
    N,

    /// <summary>A boolean (<c>BOOL</c>).</summary>
    Bool,

    /// <summary>A string set (<c>SS</c>).</summary>
    SS,

    /// <summary>A list of attributes (<c>L</c>).</summary>
    L,

    /// <summary>An explicit null (<c>NULL</c>).</summary>
    Null,

    /// <summary>A map of named attributes (<c>M</c>), as a custom <c>redact</c> rule is written.</summary>
    M,
}
