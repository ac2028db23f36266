"""The real-text corpus: the same tokens every time, prose only, clear errors."""

from __future__ import annotations

import importlib.metadata

import numpy as np
import pytest

from embedlab.textcorpus import DOCSTRING_PACKAGES, TextCorpus, _sentences_of, docstring_corpus


@pytest.fixture(scope="module")
def numpy_corpus() -> TextCorpus:
    return docstring_corpus(["numpy"])


def test_same_tokens_twice(numpy_corpus):
    again = docstring_corpus(["numpy"])
    assert again.sentences == numpy_corpus.sentences
    assert again.sentences is not numpy_corpus.sentences  # a fresh list, safe to change


def test_records_the_versions_it_read(numpy_corpus):
    assert numpy_corpus.versions == {"numpy": importlib.metadata.version("numpy")}
    assert numpy_corpus.packages == ("numpy",)
    assert np.all(numpy_corpus.sources == 0)


def test_is_real_english_prose_of_a_useful_size(numpy_corpus):
    counts = numpy_corpus.word_counts()
    # Wide ranges: a pinned-version bump changes a few sentences, not the scale.
    assert 5_000 < len(numpy_corpus) < 30_000
    assert 80_000 < numpy_corpus.n_tokens < 300_000
    assert counts.most_common(1)[0][0] == "the"
    assert counts["array"] > 1000 and counts["axis"] > 300
    assert all(len(s) >= 3 and all(w.isalpha() or "'" in w for w in s) for s in numpy_corpus.sentences)


def test_drops_examples_types_and_markup():
    doc = """Return the sum of :func:`numpy.add` over an axis.

    Parameters
    ----------
    axis : int, optional
        The axis along which the elements are added up.

    Examples
    --------
    >>> np.sum([1, 2])
    3
    """
    import inspect

    sentences = _sentences_of(inspect.cleandoc(doc))
    assert sentences == [["return", "the", "sum", "of", "numpy", "add", "over", "an", "axis"],
                         ["the", "axis", "along", "which", "the", "elements", "are", "added", "up"]]


def test_sources_follow_the_packages():
    corpus = docstring_corpus(["numpy", "matplotlib"], max_sentences=50)
    assert len(corpus) == 100 and corpus.sources.tolist() == [0] * 50 + [1] * 50
    assert set(corpus.versions) == {"numpy", "matplotlib"}
    assert DOCSTRING_PACKAGES == ("numpy", "scipy", "sklearn", "matplotlib")


def test_vocabulary_is_in_frequency_order(numpy_corpus):
    vocab = numpy_corpus.vocabulary(min_count=5)
    counts = numpy_corpus.word_counts()
    freqs = [counts[w] for w in vocab.itos[2:]]
    assert vocab.itos[:3] == ["<pad>", "<unk>", "the"] and freqs == sorted(freqs, reverse=True)
    assert min(freqs) >= 5
    assert len(numpy_corpus.vocabulary(max_size=10, specials=False)) == 10


def test_split_and_encode(numpy_corpus):
    small = numpy_corpus.subset(np.arange(20))
    train, test = small.split(0.25, seed=1)
    assert (len(train), len(test)) == (15, 5)
    assert sorted(map(tuple, train.sentences + test.sentences)) == sorted(map(tuple, small.sentences))
    ids = small.encode(small.vocabulary())
    assert ids.shape[0] == 20 and ids.dtype == np.int64


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"packages": "numpy"}, TypeError, "sequence of package names"),
        ({"packages": []}, ValueError, "packages is empty"),
        ({"packages": ["numpy", "numpy"]}, ValueError, "repeats 'numpy'"),
        ({"packages": [3]}, TypeError, "non-empty strings, got 3"),
        ({"packages": ["no_such_package_here"]}, ModuleNotFoundError, "'no_such_package_here' is not installed"),
        ({"packages": ["numpy"], "max_sentences": 0}, ValueError, "max_sentences"),
    ],
)
def test_bad_input_gets_a_clear_error(kwargs, error, message):
    with pytest.raises(error, match=message):
        docstring_corpus(**kwargs)


def test_corpus_methods_reject_bad_input(numpy_corpus):
    with pytest.raises(ValueError, match="min_count=10000000"):
        numpy_corpus.vocabulary(min_count=10_000_000)
    with pytest.raises(IndexError, match="outside the valid range"):
        numpy_corpus.subset([len(numpy_corpus)])
    with pytest.raises(ValueError, match="strictly between 0 and 1, got 1.5"):
        numpy_corpus.split(1.5)
    with pytest.raises(TypeError, match="must be a Vocabulary"):
        numpy_corpus.encode(["the"])


def test_the_disk_cache_gives_the_same_sentences(tmp_path, monkeypatch):
    from embedlab import textcorpus

    monkeypatch.setenv("EMBEDLAB_CACHE", str(tmp_path))
    textcorpus._read.cache_clear()
    first = docstring_corpus(["matplotlib"])  # parsed, then written
    files = list(tmp_path.glob("docstrings-matplotlib-*.txt.gz"))
    assert len(files) == 1 and textcorpus.cache_dir() == tmp_path
    textcorpus._read.cache_clear()
    again = docstring_corpus(["matplotlib"])  # read back from the file
    assert again.sentences == first.sentences
    textcorpus._read.cache_clear()
    files[0].write_bytes(b"not gzip")  # a damaged file: parsed again, not trusted
    assert docstring_corpus(["matplotlib"]).sentences == first.sentences
    textcorpus._read.cache_clear()
