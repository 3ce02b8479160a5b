namespace Switchyard.Storage;

/// <summary>Something holding resources in memory that POST /_switchyard/reset must forget (the store is cleared apart).</summary>
public interface IResettableState
{
    void Clear();
}
