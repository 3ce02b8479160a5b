namespace Switchyard.Patterns.Compilation;

/// <summary>A growable array reused across matches, so collecting hits does not allocate once warmed up.</summary>
internal struct ValueBuffer<T>
{
    public T[] Items;
    public int Count;

    public ValueBuffer(int capacity)
    {
        Items = new T[capacity];
        Count = 0;
    }

    public void Add(T item)
    {
        if (Count == Items.Length) Array.Resize(ref Items, Math.Max(8, Items.Length * 2));
        Items[Count++] = item;
    }

    public void AddRange(T[] items)
    {
        if (Count + items.Length > Items.Length) Array.Resize(ref Items, Math.Max(Count + items.Length, Items.Length * 2));
        items.CopyTo(Items, Count);
        Count += items.Length;
    }

    public void Clear() => Count = 0;
}
