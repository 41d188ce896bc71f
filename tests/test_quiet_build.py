"""`make notebooks` and `make site` run quietly and end by saying where the course is."""

import os
import shutil

import nbformat
import pytest

from helpers import build


def test_executing_a_notebook_prints_no_kernel_transport_warning(tmp_path, capfd):
    notebook = tmp_path / "tiny.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("1 + 1")]
    nbformat.write(nb, notebook)
    build.main(["execute", str(notebook)])
    out, err = capfd.readouterr()
    assert nbformat.read(notebook, as_version=4).cells[0].outputs[0]["data"]["text/plain"] == "2"
    assert "without encryption" not in out + err
    assert "Parent appears to have exited" not in out + err   # the kernel was shut down
    assert out.strip() == f"executed {notebook}"


@pytest.mark.skipif(os.name != "posix", reason="IPC sockets are POSIX only")
def test_kernels_talk_over_ipc_sockets_in_a_private_folder_on_posix(tmp_path):
    settings = build.kernel_transport(str(tmp_path))
    assert settings == {"transport": "ipc", "ip": str(tmp_path / "kernel")}


def test_make_site_ends_by_saying_which_file_to_open(tmp_path, monkeypatch, capsys):
    out = tmp_path / "site"

    def fake_build(folder):
        folder.mkdir()
        (folder / "index.html").write_text("<html></html>")
        return [folder / "index.html"]

    monkeypatch.setattr(build, "build_site", fake_build)
    build.main(["site", "--out", str(out)])
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith(f"The course is in {out}/. Open {out / 'index.html'}")
    shutil.rmtree(out)
