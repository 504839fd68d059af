-- The workers' default job in this stack (BatchComputeNodeArgs.sqlJobPath): DuckDB runs it over each
-- uploaded file, the view `input`, and the result becomes results/<fileId>/result.parquet. Rows the
-- reader rejected are counted in the file's result row and listed in results/<fileId>/rejects.parquet.
SELECT city,
       count(*)    AS orders,
       sum(amount) AS revenue,
       min(amount) AS smallest
FROM input
GROUP BY city
ORDER BY city;
