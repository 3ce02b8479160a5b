namespace Switchyard.Protocol.Model;

/// <summary>The model's shape types (botocore "type").</summary>
public enum ShapeType
{
    Structure,
    List,
    Map,
    String,
    Integer,
    Long,
    Boolean,
    Timestamp,
    Blob,
    Double,
    Float,
}
