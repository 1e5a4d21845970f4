namespace LogGrains.Testing.Ports;

/// <summary>Holds a fake's call until the test opens it, and tells the test when a call reached it.</summary>
public sealed class Gate
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a call is waiting at the gate.</summary>
    public Task Entered => _entered.Task;

    public void Open() => _opened.TrySetResult();

    public async Task PassAsync()
    {
        _entered.TrySetResult();
        await _opened.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
