namespace ProxyStore.Generators.Tests.Runtime.Types;

/// <summary>A class whose constructor calls one of its virtual members.</summary>
[Proxiable]
public class SelfResetting
{
    public SelfResetting()
    {
        Reset();
    }

    public virtual int Value { get; set; }

    public virtual void Reset() => Value = 0;
}
