namespace ProxyStore.Tests.Proxying;

public interface IDataset
{
    string Name { get; }

    IReadOnlyList<int> Values { get; }

    int Sum();
}

[ProxyStore.Storable]
public sealed record Dataset(string Name, IReadOnlyList<int> Values) : IDataset
{
    public int Sum() => Values.Sum();

    public override string ToString() => $"Dataset {Name} ({Values.Count} values)";

    public bool Equals(Dataset? other) => other is not null && Name == other.Name && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Name, Values.Count);
}

/// <summary>A class whose public members are all virtual: the Castle fallback can proxy it.</summary>
public class Account
{
    public virtual string Owner { get; set; } = "";

    public virtual decimal Balance { get; set; }

    public virtual decimal Deposit(decimal amount)
    {
        Balance += amount;
        return Balance;
    }

    public virtual bool TryWithdraw(decimal amount, out decimal remaining)
    {
        remaining = Balance - amount;
        if (remaining < 0)
        {
            remaining = Balance;
            return false;
        }

        Balance = remaining;
        return true;
    }
}

public sealed class SealedThing
{
    public int Value { get; set; }
}

public class NonVirtualThing
{
    public int Value { get; set; }

    public virtual int Twice() => Value * 2;
}
