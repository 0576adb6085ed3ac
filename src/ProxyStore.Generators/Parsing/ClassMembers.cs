using System.Collections.Generic;
using ProxyStore.Generators.Model;

namespace ProxyStore.Generators.Parsing;

/// <summary>What a class proxy overrides.</summary>
/// <param name="Members">The forwarded overrides.</param>
/// <param name="ToStringReturnType">The return type of the <c>ToString</c> override, or null if it is sealed.</param>
/// <param name="OverrideEquals">Whether <c>Equals(object)</c> can be overridden.</param>
/// <param name="OverrideGetHashCode">Whether <c>GetHashCode()</c> can be overridden.</param>
/// <param name="HasRequiredMembers">Whether the class or a base class has required members.</param>
internal sealed record ClassMembers(
    List<MemberModel> Members,
    string? ToStringReturnType,
    bool OverrideEquals,
    bool OverrideGetHashCode,
    bool HasRequiredMembers);
