"""Site category lists: reading them (UT1 folders and tarballs, hosts files, `||domain^` lists)
and compiling them into the memory-mapped index the DNS filter looks names up in."""
