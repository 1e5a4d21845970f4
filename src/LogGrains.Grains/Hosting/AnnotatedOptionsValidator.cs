using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace LogGrains.Grains.Hosting;

/// <summary>
/// Checks an options class's data annotations (<c>[Range]</c>, <c>[Required]</c>) and says each failure with the full
/// name of its setting (<c>LogGrains:Poller:ReceiveLoops: …</c>), where the stock validator names only the property.
/// </summary>
/// <typeparam name="T">The options class.</typeparam>
/// <param name="section">The section the class is bound from.</param>
public class AnnotatedOptionsValidator<T>(string section) : IValidateOptions<T>
    where T : class
{
    /// <summary>The section the class is bound from.</summary>
    protected string Section { get; } = section;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, T options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        var failures = results.Select(Describe).ToList();
        failures.AddRange(ValidateMore(options));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The rules across fields that annotations cannot say; each failure names its setting.</summary>
    protected virtual IEnumerable<string> ValidateMore(T options) => [];

    private string Describe(ValidationResult result)
    {
        var message = result.ErrorMessage ?? "is not valid";
        var member = result.MemberNames.FirstOrDefault();
        return member is null || message.StartsWith(Section, StringComparison.Ordinal) ? message : $"{Section}:{member}: {message}";
    }
}
