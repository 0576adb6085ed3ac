namespace ProxyStore.Analyzers.Tests.Parity;

/// <summary>
/// One case of the storability corpus: a value created as one type and put where another is
/// declared, once as the stored value itself and once in a member of a stored object, compiled
/// into its own file and namespace (<c>S.&lt;Name&gt;</c>).
/// </summary>
/// <param name="Name">The case's name, also its namespace and file name.</param>
/// <param name="Declarations">The types of the case, and a <c>Setup</c> class when it calls <c>StorableTypes.Allow</c>.</param>
/// <param name="Declared">The type the value is put as: <c>store.Put((Declared)Creation)</c>, and the type of the member that holds it.</param>
/// <param name="Creation">The expression that creates the stored value.</param>
/// <param name="Creatable">Whether the runtime creates the value's type from stored bytes where <paramref name="Declared"/> is declared: the get of the stored value succeeds.</param>
/// <param name="InMember">
/// Whether the runtime stores and reads back the value in a member declared as <paramref name="Declared"/>;
/// null when that is <paramref name="Creatable"/>. The two differ where the member's type has a
/// serializer of its own (a converter, its own polymorphism, a concrete collection).
/// </param>
public sealed record StorabilityCase(string Name, string Declarations, string Declared, string Creation, bool Creatable, bool? InMember = null)
{
    /// <summary>The case's file path in the corpus compilation.</summary>
    public string Path => "S" + Name + ".cs";

    /// <summary>What the runtime does with the value in a member.</summary>
    public bool CreatableInMember => InMember ?? Creatable;

    /// <summary>
    /// The case's whole source: its declarations, the put of the value (<c>Put</c>) and the put of
    /// an object holding it (<c>PutHeld</c>), each with the get that reads it back.
    /// </summary>
    public string Source =>
        "using System.Collections.Generic;\nusing System.Text.Json.Serialization;\nusing ProxyStore;\n\nnamespace S." + Name + "\n{\n"
        + Declarations + "\n"
        + "    public sealed class Holder\n    {\n        public " + Declared + " Value { get; set; }\n    }\n"
        + "    public static class Put\n    {\n"
        + "        public static StoreKey Run(Store store) => store.Put((" + Declared + ")" + Creation + ");\n"
        + "        public static object Read(Store store, StoreKey key) => store.Get<" + Declared + ">(key);\n    }\n"
        + "    public static class PutHeld\n    {\n"
        + "        public static StoreKey Run(Store store) => store.Put(new Holder { Value = (" + Declared + ")" + Creation + " });\n"
        + "        public static object Read(Store store, StoreKey key) => store.Get<Holder>(key).Value;\n    }\n"
        + "}\n";

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>
/// The storability corpus: one case per rule of issue 27's trust boundary (what stored bytes may
/// create where another type is declared), both ways, and of where the serializer applies them.
/// Each case states the runtime's outcome, which the parity tests check against the runtime
/// itself, so the analyzer cannot agree with a wrong reading of the rules.
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
        // A type of another library (not MemoryStream: the store refuses a type whose state it cannot write back, storable or not).
        new("LibraryTypeBehindObject", string.Empty, "object", "new System.Collections.ArrayList()", Creatable: false),
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
        new("JsonDerivedTypeOnDeclared", "[JsonDerivedType(typeof(Square), \"square\")] public interface IShape { } public sealed class Square : IShape { }", "IShape", "new Square()", Creatable: true),
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
        new("ListOfLibraryTypeBehindObject", string.Empty, "object", "new List<System.Collections.ArrayList>()", Creatable: false),
        new("ListOfPlainClassBehindEnumerable", "public class Square { }", "IEnumerable<Square>", "new List<Square>()", Creatable: false),
        new("NullableUnmanagedStructArrayBehindObject", "public struct Point { public double X, Y; }", "object", "new Point?[1]", Creatable: true),

        // Unmanaged as the runtime counts it: at least one instance field, a property's backing field included, of a struct of any assembly.
        new("ListOfAutoPropertyStructBehindObject", "public struct Pair { public int X { get; set; } }", "object", "new List<Pair>()", Creatable: true),
        new("ListOfLibraryUnmanagedStructBehindObject", string.Empty, "object", "new List<System.Numerics.Vector2>()", Creatable: true),
        new("ListOfEmptyStructBehindObject", "public struct Empty { }", "object", "new List<Empty>()", Creatable: false),
        new("ListOfStaticOnlyStructBehindObject", "public struct Constants { public static int Zero; }", "object", "new List<Constants>()", Creatable: false),

        // In a member, a declared type with a serializer of its own decides: its converter, its own list of derived types, a concrete collection.
        // The listed types are sealed: in a member, the runtime of 23db924 fails to write a listed type that is not
        // ("The converter for derived type ... does not support metadata writes or reads"), a defect of its own.
        new("StorableBehindPolymorphicInterface", "[JsonDerivedType(typeof(Circle), \"circle\")] public interface IShape { } [Storable] public class Square : IShape { } public sealed class Circle : IShape { }", "IShape", "new Square()", Creatable: true, InMember: false),
        new("ListedBehindPolymorphicInterface", "[JsonDerivedType(typeof(Circle), \"circle\")] public interface IShape { } public sealed class Circle : IShape { }", "IShape", "new Circle()", Creatable: true),
        new("UnlistedBehindPolymorphicWithoutDerivedTypes", "[JsonPolymorphic] public interface IShape { } public class Square : IShape { }", "IShape", "new Square()", Creatable: false),
        new("UnlistedBehindFallingBackPolymorphicBase", "[JsonPolymorphic(UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FallBackToBaseType)] [JsonDerivedType(typeof(Circle), \"circle\")] public class Shape { } public class Square : Shape { } public sealed class Circle : Shape { }", "Shape", "new Square()", Creatable: false, InMember: true),
        new("BehindInterfaceWithItsOwnConverter", ShapeWithConverter, "IShape", "new Square()", Creatable: false, InMember: true),
        new("SubclassOfListBehindList", "public class Numbers : List<int> { }", "List<int>", "new Numbers()", Creatable: false, InMember: true),
    ];

    // An interface whose own converter writes and reads every value (as a Square).
    private const string ShapeWithConverter = """
        [JsonConverter(typeof(ShapeConverter))] public interface IShape { }
        public class Square : IShape { }
        public sealed class ShapeConverter : JsonConverter<IShape>
        {
            public override IShape Read(ref System.Text.Json.Utf8JsonReader reader, System.Type type, System.Text.Json.JsonSerializerOptions options)
            {
                reader.Skip();
                return new Square();
            }

            public override void Write(System.Text.Json.Utf8JsonWriter writer, IShape value, System.Text.Json.JsonSerializerOptions options)
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
        }
        """;
}
