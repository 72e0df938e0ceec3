"""Galley on Spark: `galley stream` as the mapper of an RDD of JSON Lines.

    spark-submit galley_job.py --input news.jsonl --output galley-out \
        --galley ./galley --config pipeline.yaml [--env NAME=VALUE ...] [--partitions N]

The binary, the pipeline and the resources its stages name (--file: dictionaries, word lists)
travel with the job (SparkContext.addFile) and land in one folder, so the pipeline names them
relative to itself; each task pipes its
partition through `galley stream --jobs 1` (Spark runs one task per core already). `RDD.pipe`
starts the child with exactly the environment it is given, so the job passes one: LANG, and
every NAME=VALUE that `${NAME}` in the pipeline needs. checkCode=True makes a task whose galley
exits non-zero (a configuration error exits 2) fail the job instead of yielding no documents.

Every input line is {"text": ...} with optional "id" and "source"; a line without "id" gets
one derived from its text, so the output never depends on how Spark partitions the input.
The output folder holds part files of document JSON lines (one per input line, errors included).
"""

import argparse
import os
import shlex

from pyspark import SparkConf, SparkContext, SparkFiles


def galley_command(sc, galley, config):
    """The command each task runs. Files added with addFile are in the executor's working
    folder on a cluster, and in the driver's SparkFiles folder when the master is local."""
    folder = SparkFiles.getRootDirectory() if sc.master.startswith("local") else "."
    binary = os.path.join(folder, os.path.basename(galley))
    pipeline = os.path.join(folder, os.path.basename(config))
    return f"{shlex.quote(binary)} stream --config {shlex.quote(pipeline)} --jobs 1"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", required=True, help="JSON Lines: {\"text\", \"id\"?, \"source\"?} a line")
    parser.add_argument("--output", required=True, help="folder for the part files of document JSON lines")
    parser.add_argument("--galley", required=True, help="the galley binary (a --static-swift-stdlib build)")
    parser.add_argument("--config", required=True, help="the pipeline.yaml to ship with the job")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="environment for galley (for ${NAME} in the pipeline); repeatable")
    parser.add_argument("--file", action="append", default=[], metavar="PATH",
                        help="a resource to ship beside the pipeline (a stage's dictionary or word list); "
                             "name it in the pipeline by its file name, relative to the pipeline; repeatable")
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--master", help="e.g. local[2]; default: what spark-submit says")
    args = parser.parse_args()

    conf = SparkConf().setAppName("galley")
    if args.master:
        conf.setMaster(args.master)
    sc = SparkContext(conf=conf)
    sc.setLogLevel("WARN")
    sc.addFile(os.path.abspath(args.galley))
    sc.addFile(os.path.abspath(args.config))
    for path in args.file:
        sc.addFile(os.path.abspath(path))

    env = {"LANG": "C.UTF-8"}
    for item in args.env:
        name, _, value = item.partition("=")
        env[name] = value

    lines = sc.textFile(args.input, minPartitions=args.partitions)
    documents = lines.pipe(galley_command(sc, args.galley, args.config), env=env, checkCode=True)
    documents.saveAsTextFile(args.output)
    sc.stop()


if __name__ == "__main__":
    main()
