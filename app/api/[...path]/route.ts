import { AppError } from "@/lib/http/errors";
import { route } from "@/lib/http/route";

// Unknown API paths answer in the error contract instead of the HTML 404 page.
const notFound = route({
  auth: "public",
  handler: ({ request }) => {
    throw new AppError("not_found", `No API route ${request.method} ${new URL(request.url).pathname}.`);
  },
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
