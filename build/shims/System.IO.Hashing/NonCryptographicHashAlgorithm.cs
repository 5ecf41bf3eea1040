using System.ComponentModel;

namespace System.IO.Hashing;

/// <summary>
/// Base class for non-cryptographic hash algorithms, with the public surface of
/// System.IO.Hashing 6.0.0: derived types implement <see cref="Append(ReadOnlySpan{byte})"/>,
/// <see cref="Reset"/> and <see cref="GetCurrentHashCore"/>; everything else is built on those.
/// </summary>
public abstract class NonCryptographicHashAlgorithm
{
    private const int StreamBufferSize = 4096;

    /// <summary>Called by derived types to set the size of the hash they produce.</summary>
    /// <param name="hashLengthInBytes">The number of bytes the hash occupies; must be at least 1.</param>
    protected NonCryptographicHashAlgorithm(int hashLengthInBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hashLengthInBytes, 1);
        HashLengthInBytes = hashLengthInBytes;
    }

    /// <summary>The number of bytes the hash occupies.</summary>
    public int HashLengthInBytes { get; }

    /// <summary>Adds <paramref name="source"/> to the data already hashed.</summary>
    public abstract void Append(ReadOnlySpan<byte> source);

    /// <summary>Returns the algorithm to its initial state.</summary>
    public abstract void Reset();

    /// <summary>Writes the hash of the data appended so far into <paramref name="destination"/>, which is exactly <see cref="HashLengthInBytes"/> long.</summary>
    protected abstract void GetCurrentHashCore(Span<byte> destination);

    /// <summary>Adds <paramref name="source"/> to the data already hashed.</summary>
    public void Append(byte[] source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Append(new ReadOnlySpan<byte>(source));
    }

    /// <summary>Reads <paramref name="stream"/> to its end and adds what it read.</summary>
    public void Append(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[StreamBufferSize];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            Append(new ReadOnlySpan<byte>(buffer, 0, read));
        }
    }

    /// <summary>Reads <paramref name="stream"/> to its end asynchronously and adds what it read.</summary>
    public Task AppendAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return AppendFromStreamAsync(stream, cancellationToken);
    }

    private async Task AppendFromStreamAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[StreamBufferSize];
        int read;
        while ((read = await stream.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
        {
            Append(new ReadOnlySpan<byte>(buffer, 0, read));
        }
    }

    /// <summary>Returns the hash of the data appended so far, leaving the state as it is.</summary>
    public byte[] GetCurrentHash()
    {
        var hash = new byte[HashLengthInBytes];
        GetCurrentHashCore(hash);
        return hash;
    }

    /// <summary>Writes the current hash into <paramref name="destination"/> if it is long enough.</summary>
    public bool TryGetCurrentHash(Span<byte> destination, out int bytesWritten)
    {
        if (destination.Length < HashLengthInBytes)
        {
            bytesWritten = 0;
            return false;
        }

        GetCurrentHashCore(destination[..HashLengthInBytes]);
        bytesWritten = HashLengthInBytes;
        return true;
    }

    /// <summary>Writes the current hash into <paramref name="destination"/>; throws when it is too short.</summary>
    public int GetCurrentHash(Span<byte> destination)
    {
        ThrowIfTooShort(destination);
        GetCurrentHashCore(destination[..HashLengthInBytes]);
        return HashLengthInBytes;
    }

    /// <summary>Returns the hash of the data appended so far and resets the state.</summary>
    public byte[] GetHashAndReset()
    {
        var hash = new byte[HashLengthInBytes];
        GetHashAndResetCore(hash);
        return hash;
    }

    /// <summary>Writes the hash into <paramref name="destination"/> and resets, if the destination is long enough.</summary>
    public bool TryGetHashAndReset(Span<byte> destination, out int bytesWritten)
    {
        if (destination.Length < HashLengthInBytes)
        {
            bytesWritten = 0;
            return false;
        }

        GetHashAndResetCore(destination[..HashLengthInBytes]);
        bytesWritten = HashLengthInBytes;
        return true;
    }

    /// <summary>Writes the hash into <paramref name="destination"/> and resets; throws when it is too short.</summary>
    public int GetHashAndReset(Span<byte> destination)
    {
        ThrowIfTooShort(destination);
        GetHashAndResetCore(destination[..HashLengthInBytes]);
        return HashLengthInBytes;
    }

    /// <summary>Writes the hash and resets; derived types may do both in one step.</summary>
    protected virtual void GetHashAndResetCore(Span<byte> destination)
    {
        GetCurrentHashCore(destination);
        Reset();
    }

    /// <summary>Not supported: a hash algorithm is not a value to be hashed.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Use GetCurrentHash() to retrieve the computed hash code.", true)]
#pragma warning disable CS0809 // an obsolete member overrides a member that is not obsolete, as the real type does
    public override int GetHashCode() => throw new NotSupportedException("GetHashCode is not supported on a hash algorithm; call GetCurrentHash.");
#pragma warning restore CS0809

    private void ThrowIfTooShort(Span<byte> destination)
    {
        if (destination.Length < HashLengthInBytes)
        {
            throw new ArgumentException($"The destination is shorter than the hash ({HashLengthInBytes} bytes).", nameof(destination));
        }
    }
}
