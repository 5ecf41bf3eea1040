namespace FoiPipeline.Analysis.Duplicates;

/// <summary>
/// An <see cref="IDuplicateStore"/> held in memory: for a command-line batch over a folder of letters and
/// for tests. Thread-safe; nothing survives the process.
/// </summary>
public sealed class InMemoryDuplicateStore : IDuplicateStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, FingerprintRecord> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<BandKey, HashSet<string>> _postings = [];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _records.Count;
            }
        }
    }

    public Task AddAsync(FingerprintRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_records.TryGetValue(record.RequestId, out var previous))
            {
                foreach (var key in previous.BandKeys)
                {
                    if (_postings.TryGetValue(key, out var ids) && ids.Remove(record.RequestId) && ids.Count == 0)
                    {
                        _postings.Remove(key);
                    }
                }
            }

            _records[record.RequestId] = record;
            foreach (var key in record.BandKeys)
            {
                if (!_postings.TryGetValue(key, out var ids))
                {
                    ids = new HashSet<string>(StringComparer.Ordinal);
                    _postings[key] = ids;
                }

                ids.Add(record.RequestId);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<FingerprintRecord>> CandidatesAsync(
        IReadOnlyCollection<BandKey> bandKeys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bandKeys);
        cancellationToken.ThrowIfCancellationRequested();
        var candidates = new List<FingerprintRecord>();
        lock (_lock)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var key in bandKeys)
            {
                if (!_postings.TryGetValue(key, out var ids))
                {
                    continue;
                }

                foreach (var id in ids)
                {
                    if (seen.Add(id))
                    {
                        candidates.Add(_records[id]);
                    }
                }
            }
        }

        return Task.FromResult<IReadOnlyList<FingerprintRecord>>(candidates);
    }
}
