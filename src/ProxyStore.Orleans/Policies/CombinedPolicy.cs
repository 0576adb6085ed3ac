namespace ProxyStore.Orleans;

/// <summary>Two policies joined by <c>|</c> or <c>&amp;</c>; the right one is asked only when the left one does not decide.</summary>
internal sealed class CombinedPolicy(ProxyPolicy left, ProxyPolicy right, bool all) : ProxyPolicy
{
    public override bool ShouldProxy(object value) =>
        all ? left.ShouldProxy(value) && right.ShouldProxy(value) : left.ShouldProxy(value) || right.ShouldProxy(value);

    public override string ToString() => $"({left} {(all ? "&" : "|")} {right})";
}
