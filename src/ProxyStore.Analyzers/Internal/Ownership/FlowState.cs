namespace ProxyStore.Analyzers.Internal.Ownership;

/// <summary>The <see cref="SlotState"/> bits and the loan of every slot at one point of a method.</summary>
internal sealed class FlowState
{
    public FlowState(int slots)
    {
        Bits = new byte[slots];
        Loans = new Loan?[slots];
        for (int i = 0; i < slots; i++)
        {
            Bits[i] = SlotState.Unassigned;
        }
    }

    private FlowState(byte[] bits, Loan?[] loans)
    {
        Bits = bits;
        Loans = loans;
    }

    public byte[] Bits { get; }

    public Loan?[] Loans { get; }

    public FlowState Copy() => new((byte[])Bits.Clone(), (Loan?[])Loans.Clone());

    /// <summary><paramref name="a"/> joined with <paramref name="b"/>; either may be null (no path yet).</summary>
    public static FlowState? Merge(FlowState? a, FlowState? b)
    {
        if (a is null)
        {
            return b?.Copy();
        }

        if (b is null)
        {
            return a;
        }

        FlowState merged = a.Copy();
        for (int i = 0; i < merged.Bits.Length; i++)
        {
            merged.Bits[i] |= b.Bits[i];
            merged.Loans[i] = Loan.Merge(merged.Loans[i], b.Loans[i]);
        }

        return merged;
    }

    public bool SameAs(FlowState? other)
    {
        if (other is null)
        {
            return false;
        }

        for (int i = 0; i < Bits.Length; i++)
        {
            if (Bits[i] != other.Bits[i] || !ReferenceEquals(Loans[i], other.Loans[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Keeps only the bits in <paramref name="mask"/> for <paramref name="slot"/>; false when none is left (the path cannot happen).</summary>
    public bool Restrict(int slot, byte mask)
    {
        Bits[slot] &= mask;
        return Bits[slot] != 0;
    }

    public static byte Without(byte bits, byte remove, byte add) =>
        (bits & remove) == 0 ? bits : (byte)((bits & ~remove) | add);
}
