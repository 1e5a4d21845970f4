using System.Diagnostics.CodeAnalysis;

// xunit owns test class lifetimes through IAsyncLifetime.DisposeAsync, which disposes these fields.
[assembly: SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "Disposed in IAsyncLifetime.DisposeAsync")]
