"""The 'leads export|import' command: bulk lead work under the service's limits."""
