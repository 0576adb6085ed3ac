namespace ProxyStore.Analyzers.Tests.Parity;

/// <summary>
/// One put of the storability corpus: a value created as one type, put where another is declared,
/// compiled into its own file and namespace (<c>S.&lt;Name&gt;</c>).
/// </summary>
/// <param name="Name">The case's name, also its namespace and file name.</param>
/// <param name="Declarations">The types of the case, and a <c>Setup</c> class when it calls <c>StorableTypes.Allow</c>.</param>
/// <param name="Declared">The type the value is put as: <c>store.Put((Declared)Creation)</c>.</param>
/// <param name="Creation">The expression that creates the stored value.</param>
/// <param name="Creatable">Whether the runtime creates the value's type from stored bytes where <paramref name="Declared"/> is declared.</param>
public sealed record StorabilityCase(string Name, string Declarations, string Declared, string Creation, bool Creatable)
{
    /// <summary>The case's file path in the corpus compilation.</summary>
    public string Path => "S" + Name + ".cs";

    /// <summary>The case's whole source: its declarations and its put.</summary>
    public string Source =>
        "using System.Collections.Generic;\nusing System.Text.Json.Serialization;\nusing ProxyStore;\n\nnamespace S." + Name + "\n{\n"
        + Declarations + "\n"
        + "    public static class Put\n    {\n        public static void Run(Store store) => store.Put((" + Declared + ")" + Creation + ");\n    }\n"
        + "}\n";

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>
/// The storability corpus: one case per rule of issue 27's trust boundary (what stored bytes may
/// create where another type is declared), both ways. Each case states the runtime's outcome, so
/// the analyzer cannot agree with a wrong reading of the rules.
/// </summary>
internal static class StorabilityCorpus
{
    private const string Shapes = "public interface IShape { } public class Square : IShape { }";

    public static readonly StorabilityCase[] Cases =
    [
        // The declared type itself, and types behind it that nothing declares.
        new("SameType", "public class Square { }", "Square", "new Square()", Creatable: true),
        new("BehindInterface", Shapes, "IShape", "new Square()", Creatable: false),
        new("BehindObject", "public class Square { }", "object", "new Square()", Creatable: false),
        new("BehindAbstractClass", "public abstract class Shape { } public class Square : Shape { }", "Shape", "new Square()", Creatable: false),
        new("BehindBaseClass", "public class Square { } public class Tile : Square { }", "Square", "new Tile()", Creatable: false),
        new("StructBehindInterface", "public interface IShape { } public struct Dot : IShape { public string Name; }", "IShape", "new Dot()", Creatable: false),
        new("LibraryTypeBehindObject", string.Empty, "object", "new System.IO.MemoryStream()", Creatable: false),
        new("NullableOfItself", string.Empty, "int?", "new int()", Creatable: true),

        // [Storable], on the type or a base class.
        new("StorableType", "public interface IShape { } [Storable] public class Square : IShape { }", "IShape", "new Square()", Creatable: true),
        new("StorableStruct", "[Storable] public struct Dot { public string Name; }", "object", "new Dot()", Creatable: true),
        new("StorableBase", "[Storable] public abstract class Shape { } public class Square : Shape { } public class Tile : Square { }", "Shape", "new Tile()", Creatable: true),

        // [Proxiable] interfaces and classes.
        new("ProxiableInterface", "[Proxiable] public interface IShape { } public class Square : IShape { }", "IShape", "new Square()", Creatable: true),
        new("ProxiableInterfaceInherited", "[Proxiable] public interface IBase { } public interface IShape : IBase { } public class Square : IShape { }", "object", "new Square()", Creatable: true),
        new("ProxiableBaseClass", "[Proxiable] public class Service { public virtual int Run() => 1; } public class Fast : Service { }", "Service", "new Fast()", Creatable: true),
        new("PlainInterfaceBesideProxiable", "[Proxiable] public interface IModel { } public interface IShape { } public class Square : IShape { }", "IShape", "new Square()", Creatable: false),

        // [JsonDerivedType] on the declared type or a base class between.
        new("JsonDerivedTypeOnDeclared", "[JsonDerivedType(typeof(Square), \"square\")] public interface IShape { } public class Square : IShape { }", "IShape", "new Square()", Creatable: true),
        new("JsonDerivedTypeOnBaseBetween", "[JsonDerivedType(typeof(Hexagon))] public abstract class Polygon { } public class Hexagon : Polygon { }", "object", "new Hexagon()", Creatable: true),
        new("JsonDerivedTypeOnAnotherInterface", "[JsonDerivedType(typeof(Square))] public interface IListed { } public interface IShape { } public class Square : IShape, IListed { }", "IShape", "new Square()", Creatable: false),
        new("JsonDerivedTypeOfAnotherType", "[JsonDerivedType(typeof(Circle))] public interface IShape { } public class Square : IShape { } public class Circle : IShape { }", "IShape", "new Square()", Creatable: false),

        // StorableTypes.Allow, of the type or a base class.
        new("AllowedGeneric", Shapes + " public static class Setup { public static void Run() => StorableTypes.Allow<Square>(); }", "IShape", "new Square()", Creatable: true),
        new("AllowedTypeOfBase", "public class Shape { } public class Square : Shape { } public static class Setup { public static void Run() => StorableTypes.Allow(typeof(Shape)); }", "Shape", "new Square()", Creatable: true),
        new("AllowedAnotherTypeOfTheName", Shapes + " public static class Setup { public static void Run() => StorableTypes.Allow<Other.Square>(); } namespace Other { public class Square { } }", "IShape", "new Square()", Creatable: false),

        // Plain data, and containers of it.
        new("EnumBehindObject", "public enum Color { Red }", "object", "new Color()", Creatable: true),
        new("UriBehindObject", string.Empty, "object", "new System.Uri(\"https://example.org\")", Creatable: true),
        new("ListOfIntBehindObject", string.Empty, "object", "new List<int>()", Creatable: true),
        new("ArrayOfStringBehindObject", string.Empty, "object", "new string[1]", Creatable: true),
        new("DictionaryOfInterfaceBehindObject", "public interface IShape { }", "object", "new Dictionary<string, IShape>()", Creatable: true),
        new("ListOfAbstractBehindObject", "public abstract class Shape { }", "object", "new List<Shape>()", Creatable: true),
        new("ArrayOfUnmanagedStructBehindObject", "public struct Point { public double X, Y; }", "object", "new Point[1]", Creatable: true),
        new("ValueTupleBehindObject", string.Empty, "object", "new System.ValueTuple<int, string>(1, \"a\")", Creatable: true),
        new("ListOfPlainClassBehindObject", "public class Square { }", "object", "new List<Square>()", Creatable: false),
        new("ArrayOfManagedStructBehindObject", "public struct Named { public string Name; }", "object", "new Named[1]", Creatable: false),
        new("NestedContainerOfPlainClass", "public class Square { }", "object", "new KeyValuePair<string, List<Square>>()", Creatable: false),
        new("TupleWithPlainClass", "public class Square { }", "object", "new System.Tuple<int, Square>(1, new Square())", Creatable: false),
        new("ListOfStorableBehindObject", "[Storable] public class Square { }", "object", "new List<Square>()", Creatable: true),
        new("ListOfLibraryTypeBehindObject", string.Empty, "object", "new List<System.IO.MemoryStream>()", Creatable: false),
        new("ListOfPlainClassBehindEnumerable", "public class Square { }", "IEnumerable<Square>", "new List<Square>()", Creatable: false),
    ];
}
