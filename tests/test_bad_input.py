"""Bad input becomes one error line each, with a clear reason; nothing else is lost."""

import json
import os

from extract.io.readers import ReadError, read_articles


def reasons(folder, **options):
    return {(os.path.basename(i.source), i.line): i.reason for i in read_articles([folder], **options)
            if isinstance(i, ReadError)}


def test_binary_file_and_whitespace_only_article_are_errors(tmp_path):
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text("The frigate sailed on Monday.", encoding="utf-8")
    found = reasons(tmp_path)
    assert "binary file" in found[("image.txt", None)] or "not UTF-8" in found[("image.txt", None)]
    assert "article text is empty" in found[("blank.txt", None)]
    assert [i.id for i in read_articles([tmp_path]) if not isinstance(i, ReadError)] == ["good"]


def test_articles_over_the_size_limit_are_refused_without_reading_them_whole(tmp_path):
    (tmp_path / "long.txt").write_text("word " * 300, encoding="utf-8")
    lines = [json.dumps({"id": "big", "text": "x" * 2000}), json.dumps({"id": "small", "text": "Short text."})]
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = reasons(tmp_path, max_chars=1000)
    assert "article too long" in found[("long.txt", None)]
    assert "article too long" in found[("mixed.jsonl", 1)]
    assert [i.id for i in read_articles([tmp_path], max_chars=1000) if not isinstance(i, ReadError)] == ["small"]


def test_duplicate_ids_and_wrongly_typed_fields_are_errors_and_unknown_keys_kept(tmp_path):
    lines = [{"id": "a", "text": "First.", "desk": "asia"}, {"id": "a", "text": "Again."},
             {"id": 7, "text": "Numeric id."}, {"id": "b", "text": "Bad date.", "published": "yesterday"}]
    (tmp_path / "batch.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    items = list(read_articles([tmp_path]))
    assert items[0].model_extra == {"desk": "asia"}
    assert "duplicate id 'a'" in items[1].reason and items[1].line == 2
    assert "id" in items[2].reason and items[2].line == 3
    assert "published" in items[3].reason and items[3].id == "b"


def test_a_directory_symlink_loop_ends_as_one_error_and_other_links_are_followed(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("The corvette docked.", encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    items = list(read_articles([tmp_path]))
    assert [i.id for i in items if not isinstance(i, ReadError)] == ["a"]
    [loop] = [i for i in items if isinstance(i, ReadError)]
    assert "directory symlink loop" in loop.reason and loop.source.endswith("loop")
    # two folders linking to each other end too; a link to a folder outside the input is followed
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    os.symlink(tmp_path / "y", tmp_path / "x" / "to_y")
    os.symlink(tmp_path / "x", tmp_path / "y" / "to_x")
    elsewhere = tmp_path.parent / (tmp_path.name + "-archive")
    elsewhere.mkdir()
    (elsewhere / "b.txt").write_text("The frigate sailed.", encoding="utf-8")
    os.symlink(elsewhere, tmp_path / "archive")
    items = list(read_articles([tmp_path]))
    assert sorted(i.id for i in items if not isinstance(i, ReadError)) == ["a", "b"]
    assert sum("directory symlink loop" in i.reason for i in items if isinstance(i, ReadError)) == 2


def test_an_unreadable_file_is_an_error(tmp_path):
    (tmp_path / "good.txt").write_text("The frigate sailed on Monday.", encoding="utf-8")
    os.symlink(tmp_path / "deleted.txt", tmp_path / "gone.txt")  # a link whose file was removed
    found = reasons(tmp_path)
    assert "cannot read file" in found[("gone.txt", None)]
    assert [i.id for i in read_articles([tmp_path]) if not isinstance(i, ReadError)] == ["good"]
