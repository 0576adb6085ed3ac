namespace ProxyStore.Serialization.Arrays;

/// <summary>How an array of unmanaged elements is held: what a get hands back around the array it reads.</summary>
internal enum ArrayContainer
{
    /// <summary>The array itself: <c>T[]</c>, <c>T[,]</c>, <c>T[,,]</c> and so on.</summary>
    Array,

    /// <summary><see cref="Memory{T}"/> over a new array.</summary>
    Memory,

    /// <summary><see cref="ReadOnlyMemory{T}"/> over a new array.</summary>
    ReadOnlyMemory,

    /// <summary><see cref="ArraySegment{T}"/> over a whole new array.</summary>
    Segment,
}
