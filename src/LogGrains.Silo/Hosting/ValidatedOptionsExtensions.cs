using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LogGrains.Silo.Hosting;

/// <summary>The one way the silo binds a section of the options tree: bound once from its section, checked at start-up by its validator.</summary>
public static class ValidatedOptionsExtensions
{
    /// <summary>
    /// Binds <typeparamref name="T"/> from <paramref name="section"/> and validates it with <paramref name="validator"/> when the
    /// host starts; a failure ends start-up with exit code 2 and one line naming the setting (<see cref="SiloApp.RunAsync"/>).
    /// </summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section, IValidateOptions<T> validator)
        where T : class
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton(validator));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }
}
