namespace ProxyStore.Generators.Tests.Runtime.Types;

/// <summary>A class: its proxy derives it and overrides the virtual members.</summary>
[Proxiable]
public class Counter
{
    public virtual event EventHandler? Changed;

    public virtual int Value { get; set; }

    public virtual string Label { get; set; } = string.Empty;

    public virtual int Raw { get; set; }

    public virtual int Increment(int by = 1)
    {
        Value += by;
        Changed?.Invoke(this, EventArgs.Empty);
        return Value;
    }

    public virtual async ValueTask<int> IncrementAsync(int by = 1)
    {
        await Task.Yield();
        return Increment(by);
    }

    public virtual bool TryDecrement(out int value)
    {
        value = Value > 0 ? --Value : Value;
        return value > 0;
    }

    public override string ToString() => $"{Label}={Value}";
}
